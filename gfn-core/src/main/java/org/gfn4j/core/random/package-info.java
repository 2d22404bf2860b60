/** The run's seeded random streams, whose state a checkpoint saves and restores. */
package org.gfn4j.core.random;
