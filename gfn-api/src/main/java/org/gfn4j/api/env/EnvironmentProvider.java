package org.gfn4j.api.env;

import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;

/**
 * Service-provider interface for environments. Register an implementation in
 * {@code META-INF/services/org.gfn4j.api.env.EnvironmentProvider}.
 */
public interface EnvironmentProvider extends Provider {
  /** Builds the environment from validated parameters (see {@link #parameters()}). */
  Environment create(Parameters parameters);
}
