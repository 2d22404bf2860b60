package org.gfn4j.envs.ebm;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides torchgfn's {@code DiscreteEBM} with its default energy, the Ising model with all-ones couplings
 * ({@code log R(s) = alpha (sum_i (2 s_i - 1))^2}); registered as {@code "discrete-ebm"}. See {@link DiscreteEbm}.
 *
 * <pre>{@code
 * DiscreteEbm ebm = DiscreteEbmProvider.of(Map.of("ndim", "4", "alpha", "1"));
 * }</pre>
 */
public final class DiscreteEbmProvider extends AbstractEbmProvider {
  /** The provider name. */
  public static final String NAME = "discrete-ebm";
  /** Key of the number of coordinates D. */
  public static final String NDIM = "ndim";
  /** Key of the inverse temperature alpha. */
  public static final String ALPHA = "alpha";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(NDIM, 4, 1, 256,
          "number of coordinates D: 3^D states, 2^D terminal; enumerated (exact evaluation) for D <= 13"),
      ParameterSpec.real(ALPHA, 1.0, -100, 100, "inverse temperature alpha: log R = -alpha E(x), E = -x^T J x"));

  /** The provider, as the service loader creates it. */
  public DiscreteEbmProvider() {
    super(NAME, "build x in {0,1}^D coordinate by coordinate; log R = alpha (sum of spins 2x-1)^2, the Ising energy "
        + "with all-ones J (torchgfn's DiscreteEBM)", PARAMETERS);
  }

  /** A {@code discrete-ebm} from raw {@code key=value} settings (absent keys take their defaults). */
  public static DiscreteEbm of(Map<String, String> settings) {
    return new DiscreteEbmProvider().create(settings);
  }

  @Override
  IsingEnergy energy(Parameters parameters) {
    return IsingEnergy.allOnes(parameters.getInt(NDIM));
  }

  @Override
  double alpha(Parameters parameters) {
    return parameters.getDouble(ALPHA);
  }
}
