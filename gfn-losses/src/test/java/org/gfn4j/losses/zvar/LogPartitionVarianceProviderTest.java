package org.gfn4j.losses.zvar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class LogPartitionVarianceProviderTest {
  private final LogPartitionVarianceProvider provider = new LogPartitionVarianceProvider();

  @Test
  void create_withDefaults_isSquaredWithoutClipping() {
    LogPartitionVariance objective = (LogPartitionVariance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
  }

  @Test
  void create_readsEveryParameter() {
    LogPartitionVariance objective = (LogPartitionVariance) provider.create(
        parse(Map.of("residual", "shifted_cosh", "log_reward_clip_min", "-9")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.SHIFTED_COSH, 1));
    assertThat(objective.clip().min()).isEqualTo(-9);
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'zvar'", provider.parameters(), raw);
  }
}
