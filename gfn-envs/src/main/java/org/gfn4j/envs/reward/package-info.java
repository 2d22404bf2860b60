/** Reward providers that transform an environment's own reward, such as tempering. */
package org.gfn4j.envs.reward;
