/** Batched trajectory sampling with exploration, and the masked policy arithmetic it uses. */
package org.gfn4j.core.sampling;
