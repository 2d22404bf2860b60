package org.gfn4j.envs.ebm;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides torchgfn's Ising example ({@code tutorials/examples/train_ising.py}): a {@link DiscreteEbm} of
 * {@code D = L^2} spins with the couplings of a periodic {@code L x L} square lattice
 * ({@link IsingEnergy#periodicLattice}) and {@code alpha = 1}, so {@code log R(s) = x^T J x = 2 J sum_bonds x_a x_b}
 * with {@code x = 2s - 1}; registered as {@code "ising"}. Enumerated for {@code L <= 3} ({@code D <= 13}).
 *
 * <pre>{@code
 * DiscreteEbm ising = IsingProvider.of(Map.of("l", "3", "j", "0.44"));
 * }</pre>
 */
public final class IsingProvider extends AbstractEbmProvider {
  /** The provider name. */
  public static final String NAME = "ising";
  /** Key of the lattice side L (torchgfn's {@code -L}). */
  public static final String SIDE = "l";
  /** Key of the coupling constant J (torchgfn's {@code -J}). */
  public static final String COUPLING = "j";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(SIDE, 6, 2, 16,
          "lattice side L (torchgfn's -L): D = L^2 spins on a periodic L x L lattice; enumerated for L <= 3"),
      ParameterSpec.real(COUPLING, 0.44, -100, 100,
          "coupling constant J (torchgfn's -J): J_ab = J_ba = J for lattice neighbours a, b; negative is "
              + "antiferromagnetic"));

  /** The provider, as the service loader creates it. */
  public IsingProvider() {
    super(NAME, "DiscreteEBM with the Ising energy of a periodic L x L lattice of coupling J "
        + "(torchgfn's train_ising.py)", PARAMETERS);
  }

  /** An {@code ising} environment from raw {@code key=value} settings (absent keys take their defaults). */
  public static DiscreteEbm of(Map<String, String> settings) {
    return new IsingProvider().create(settings);
  }

  @Override
  IsingEnergy energy(Parameters parameters) {
    return IsingEnergy.periodicLattice(parameters.getInt(SIDE), parameters.getDouble(COUPLING));
  }

  /** 1: the coupling sets the scale. */
  @Override
  double alpha(Parameters parameters) {
    return 1.0;
  }
}
