/**
 * The quantities objectives read ({@link org.gfn4j.api.objective.Term}s), one small part per term: each computes
 * its values on a batch with batched estimator passes and back-propagates the objective's gradient for it.
 */
package org.gfn4j.core.terms;
