package org.gfn4j.losses.rtb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class RelativeTrajectoryBalanceProviderTest {
  private final RelativeTrajectoryBalanceProvider provider = new RelativeTrajectoryBalanceProvider();

  @Test
  void create_withDefaults_isHalfSquaredLikeTorchgfnWithBetaOne() {
    RelativeTrajectoryBalance objective = (RelativeTrajectoryBalance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.SQUARED, 1));
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
    assertThat(objective.rewardExponent()).isEqualTo(1.0);
  }

  @Test
  void create_readsEveryParameter() {
    RelativeTrajectoryBalance objective = (RelativeTrajectoryBalance) provider.create(parse(Map.of("residual",
        "squared", "linex_alpha", "3", "log_reward_clip_min", "-20", "beta", "0.25")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.SQUARED, 3));
    assertThat(objective.clip().min()).isEqualTo(-20);
    assertThat(objective.rewardExponent()).isEqualTo(0.25);
  }

  @Test
  void parse_rejectsZeroBetaNamingTheKeyAndTheOpenRange() {
    assertThatThrownBy(() -> parse(Map.of("beta", "0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'rtb': beta=0.0 is invalid; expected a number in (0, 1000]");
  }

  @Test
  void parse_rejectsNegativeBeta() {
    assertThatThrownBy(() -> parse(Map.of("beta", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'rtb': beta=-1 is invalid; expected a number in (0, 1000]");
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'rtb'", provider.parameters(), raw);
  }
}
