/** Replay buffers of trajectories and of terminal objects. */
package org.gfn4j.core.replay;
