package org.gfn4j.losses.tb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ServiceLoader;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class TrajectoryBalanceProviderTest {
  private final TrajectoryBalanceProvider provider = new TrajectoryBalanceProvider();

  @Test
  void describesItself() {
    assertThat(provider.name()).isEqualTo("tb");
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
    assertThat(provider.parameters()).extracting(ParameterSpec::name)
        .containsExactly("residual", "linex_alpha", "log_reward_clip_min");
  }

  @Test
  void isDiscoveredByServiceLoader() {
    assertThat(ServiceLoader.load(ObjectiveProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(found -> assertThat(found).isInstanceOf(TrajectoryBalanceProvider.class));
  }

  @Test
  void create_withDefaults_isSquaredWithoutClipping() {
    TrajectoryBalance objective = (TrajectoryBalance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
  }

  @Test
  void create_readsEveryParameter() {
    TrajectoryBalance objective = (TrajectoryBalance) provider.create(
        parse(Map.of("residual", "linex", "linex_alpha", "0.5", "log_reward_clip_min", "-20")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.LINEX, 0.5));
    assertThat(objective.clip().min()).isEqualTo(-20);
  }

  @Test
  void create_acceptsMinusInfAsNoClipping() {
    TrajectoryBalance objective = (TrajectoryBalance) provider.create(parse(Map.of("log_reward_clip_min", "-inf")));

    assertThat(objective.clip().min()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void parse_rejectsUnknownKeyNamingAcceptedKeys() {
    assertThatThrownBy(() -> parse(Map.of("lambda", "0.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'tb' has no parameter 'lambda'; accepted: residual, linex_alpha, log_reward_clip_min");
  }

  @Test
  void parse_rejectsUnknownResidualListingChoices() {
    assertThatThrownBy(() -> parse(Map.of("residual", "bogus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'tb': residual=bogus is invalid; expected one of squared, half_squared, shifted_cosh,"
            + " linex");
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'tb'", provider.parameters(), raw);
  }
}
