/**
 * torchgfn's {@code SetAddition}: sets of items built one addition at a time, a state graph in which a set of
 * {@code k} items is reached by {@code k!} trajectories ({@link org.gfn4j.envs.set.SetAddition}), and its provider
 * "set-addition".
 */
package org.gfn4j.envs.set;
