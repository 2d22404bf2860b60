/** The default reward: the environment's own. */
package org.gfn4j.core.reward;
