package org.gfn4j.losses.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class DetailedBalanceProviderTest {
  private final DetailedBalanceProvider provider = new DetailedBalanceProvider();

  @Test
  void create_withDefaults_isSquaredUnclippedAndNotForwardLooking() {
    DetailedBalance objective = (DetailedBalance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
    assertThat(objective.forwardLooking()).isFalse();
  }

  @Test
  void create_readsEveryParameter() {
    DetailedBalance objective = (DetailedBalance) provider.create(parse(Map.of("residual", "shifted_cosh",
        "linex_alpha", "2", "log_reward_clip_min", "-50", "forward_looking", "true")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.SHIFTED_COSH, 2));
    assertThat(objective.clip().min()).isEqualTo(-50);
    assertThat(objective.forwardLooking()).isTrue();
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'db'", provider.parameters(), raw);
  }
}
