/** Numerical helpers that environments, evaluators, objectives and the conformance kit share. */
package org.gfn4j.api.math;
