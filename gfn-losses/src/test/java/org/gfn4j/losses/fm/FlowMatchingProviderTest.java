package org.gfn4j.losses.fm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class FlowMatchingProviderTest {
  private final FlowMatchingProvider provider = new FlowMatchingProvider();

  @Test
  void create_withDefaults_hasAlphaOne() {
    FlowMatching objective = (FlowMatching) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
    assertThat(objective.alpha()).isEqualTo(1.0);
  }

  @Test
  void create_readsEveryParameter() {
    FlowMatching objective = (FlowMatching) provider.create(parse(Map.of("residual", "half_squared",
        "log_reward_clip_min", "-12", "alpha", "0")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.HALF_SQUARED, 1));
    assertThat(objective.clip().min()).isEqualTo(-12);
    assertThat(objective.alpha()).isEqualTo(0.0);
  }

  @Test
  void parse_rejectsNegativeAlphaNamingTheKeyAndRange() {
    assertThatThrownBy(() -> parse(Map.of("alpha", "-0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'fm': alpha=-0.1 is invalid; expected a number in [0, 1000]");
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'fm'", provider.parameters(), raw);
  }
}
