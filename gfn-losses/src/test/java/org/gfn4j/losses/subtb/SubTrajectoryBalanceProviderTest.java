package org.gfn4j.losses.subtb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubTrajectoryBalanceProviderTest {
  private final SubTrajectoryBalanceProvider provider = new SubTrajectoryBalanceProvider();

  @Test
  void create_withDefaults_isGeometricWithinLambda09() {
    SubTrajectoryBalance objective = (SubTrajectoryBalance) provider.create(parse(Map.of()));

    assertThat(objective.penalty()).isEqualTo(ResidualPenalty.SQUARED);
    assertThat(objective.clip()).isEqualTo(new LogRewardClip(Double.NEGATIVE_INFINITY));
    assertThat(objective.lambda()).isEqualTo(0.9);
    assertThat(objective.weighting()).isEqualTo(Weighting.GEOMETRIC_WITHIN);
    assertThat(objective.forwardLooking()).isFalse();
  }

  @Test
  void create_readsEveryParameter() {
    SubTrajectoryBalance objective = (SubTrajectoryBalance) provider.create(parse(Map.of("residual", "linex",
        "linex_alpha", "0.5", "log_reward_clip_min", "-30", "lambda", "0.99", "weighting", "equal_within",
        "forward_looking", "yes")));

    assertThat(objective.penalty()).isEqualTo(new ResidualPenalty(Kind.LINEX, 0.5));
    assertThat(objective.clip().min()).isEqualTo(-30);
    assertThat(objective.lambda()).isEqualTo(0.99);
    assertThat(objective.weighting()).isEqualTo(Weighting.EQUAL_WITHIN);
    assertThat(objective.forwardLooking()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"geometric_within, GEOMETRIC_WITHIN", "geometric, GEOMETRIC", "equal, EQUAL",
      "equal_within, EQUAL_WITHIN", "TB, TB", "DB, DB", "ModifiedDB, MODIFIED_DB", "modifieddb, MODIFIED_DB"})
  void create_acceptsEveryWeightingInAnyCase(String typed, Weighting expected) {
    SubTrajectoryBalance objective = (SubTrajectoryBalance) provider.create(parse(Map.of("weighting", typed)));

    assertThat(objective.weighting()).isEqualTo(expected);
  }

  @Test
  void parse_rejectsUnknownWeightingListingChoices() {
    assertThatThrownBy(() -> parse(Map.of("weighting", "bogus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'subtb': weighting=bogus is invalid; expected one of geometric_within, geometric,"
            + " equal, equal_within, tb, db, modifieddb");
  }

  @Test
  void parse_rejectsZeroLambdaNamingTheKeyAndTheOpenRange() {
    assertThatThrownBy(() -> parse(Map.of("lambda", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'subtb': lambda=0 is invalid; expected a number in (0, 1000]");
  }

  @Test
  void parse_rejectsNegativeLambdaNamingTheKeyAndRange() {
    assertThatThrownBy(() -> parse(Map.of("lambda", "-0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'subtb': lambda=-0.5 is invalid; expected a number in (0, 1000]");
  }

  private Parameters parse(Map<String, String> raw) {
    return Parameters.parse("objective 'subtb'", provider.parameters(), raw);
  }
}
