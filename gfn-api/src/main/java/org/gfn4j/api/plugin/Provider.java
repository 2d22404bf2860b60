package org.gfn4j.api.plugin;

import java.util.List;
import org.gfn4j.api.param.ParameterSpec;

/**
 * What every plugin provider has: a stable name, a one-line description and its declared parameters.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}; they must be cheap to construct and stateless.
 * The heavy work happens in each SPI's {@code create} method.
 */
public interface Provider {
  /** The stable name users type ({@code "hypergrid"}, {@code "tb"}): lower case letters, digits and '-'. */
  String name();

  /** One line saying what the plugin is. */
  String description();

  /** The parameters {@code create} accepts, with defaults. */
  List<ParameterSpec> parameters();
}
