/** Containers of sampled data: trajectories. */
package org.gfn4j.api.data;
