package org.gfn4j.losses.mdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class ModifiedDetailedBalanceProviderTest {
  private final ModifiedDetailedBalanceProvider provider = new ModifiedDetailedBalanceProvider();

  @Test
  void create_withDefaults_isSquaredWithoutClipping() {
    ModifiedDetailedBalance objective = (ModifiedDetailedBalance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
  }

  @Test
  void create_readsEveryParameter() {
    ModifiedDetailedBalance objective = (ModifiedDetailedBalance) provider.create(
        parse(Map.of("residual", "linex", "linex_alpha", "0.25", "log_reward_clip_min", "-7")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.LINEX, 0.25));
    assertThat(objective.clip().min()).isEqualTo(-7);
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'mdb'", provider.parameters(), raw);
  }
}
