package org.gfn4j.envs.bitseq;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * What {@link BitSequenceProvider} and {@link NonAutoregressiveBitSequenceProvider} share: a name, a description
 * and declared parameters held as values, and the environment built from validated parameters or raw settings.
 *
 * @param <E> the environment provided
 */
abstract class AbstractBitSequenceProvider<E extends AbstractBitSequence> implements EnvironmentProvider {
  private final String name;
  private final String description;
  private final List<ParameterSpec> parameters;
  private final Function<Parameters, E> constructor;

  AbstractBitSequenceProvider(String name, String description, List<ParameterSpec> parameters,
      Function<Parameters, E> constructor) {
    this.name = name;
    this.description = description;
    this.parameters = parameters;
    this.constructor = constructor;
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

  /**
   * Builds the environment.
   *
   * @throws IllegalArgumentException naming the keys of an invalid combination: {@code word_size} not dividing
   *     {@code seq_size}, a {@code seq_size} the 8-bit motifs do not tile, or more modes than distinct tilings
   */
  @Override
  public final E create(Parameters parameters) {
    return constructor.apply(requireNonNull(parameters, "parameters is null"));
  }

  /**
   * The environment of raw {@code key=value} settings (absent keys take their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  final E create(Map<String, String> settings) {
    return create(Parameters.parse("environment '" + name + "'", parameters, settings));
  }
}
