package org.gfn4j.api.objective;

import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;

/**
 * Service-provider interface for training objectives ("tb", ...). Register an implementation in
 * {@code META-INF/services/org.gfn4j.api.objective.ObjectiveProvider}.
 */
public interface ObjectiveProvider extends Provider {
  /** Builds the objective from validated parameters; invalid combinations fail here, not during training. */
  Objective create(Parameters parameters);
}
