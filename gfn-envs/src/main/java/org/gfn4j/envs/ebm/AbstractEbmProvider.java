package org.gfn4j.envs.ebm;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * What {@link DiscreteEbmProvider} and {@link IsingProvider} share: a name, a description and declared parameters
 * held as values, and a {@link DiscreteEbm} built from the energy and inverse temperature that the subclass reads
 * from its parameters.
 */
abstract class AbstractEbmProvider implements EnvironmentProvider {
  private final String name;
  private final String description;
  private final List<ParameterSpec> parameters;

  AbstractEbmProvider(String name, String description, List<ParameterSpec> parameters) {
    this.name = name;
    this.description = description;
    this.parameters = parameters;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<ParameterSpec> parameters() {
    return parameters;
  }

  @Override
  public final DiscreteEbm create(Parameters parameters) {
    requireNonNull(parameters, "parameters is null");
    return new DiscreteEbm(name, parameters, energy(parameters), alpha(parameters));
  }

  /** The environment of raw {@code key=value} settings (absent keys take their defaults). */
  final DiscreteEbm create(Map<String, String> settings) {
    return create(Parameters.parse("environment '" + name + "'", parameters, settings));
  }

  /** The energy of these (validated) parameters. */
  abstract IsingEnergy energy(Parameters parameters);

  /** The inverse temperature of these (validated) parameters: {@code log R = -alpha E}. */
  abstract double alpha(Parameters parameters);
}
