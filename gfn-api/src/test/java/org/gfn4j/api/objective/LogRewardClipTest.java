package org.gfn4j.api.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class LogRewardClipTest {
  @Test
  void default_clipsNothing() {
    LogRewardClip clip = LogRewardClip.from(Parameters.defaults("objective 'x'", List.of(LogRewardClip.PARAMETER)));

    assertThat(clip.min()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(clip.apply(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(clip.apply(-1e300)).isEqualTo(-1e300);
  }

  @Test
  void apply_raisesValuesBelowTheMinimum() {
    LogRewardClip clip = new LogRewardClip(-10);

    assertThat(clip.apply(Double.NEGATIVE_INFINITY)).isEqualTo(-10);
    assertThat(clip.apply(-11)).isEqualTo(-10);
    assertThat(clip.apply(-3)).isEqualTo(-3);
  }

  @Test
  void from_readsTheParameter() {
    Parameters parameters = Parameters.parse("objective 'x'", List.of(LogRewardClip.PARAMETER),
        Map.of("log_reward_clip_min", "-50"));

    assertThat(LogRewardClip.from(parameters).min()).isEqualTo(-50);
  }

  @Test
  void constructor_rejectsNaN() {
    assertThatThrownBy(() -> new LogRewardClip(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log_reward_clip_min is NaN");
  }
}
