/** Training batches typed by how they were sampled: the on-/off-policy contract. */
package org.gfn4j.core.batch;
