/** The HyperGrid environment, the reference task of the GFlowNet literature, and its provider. */
package org.gfn4j.envs.hypergrid;
