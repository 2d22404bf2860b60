/**
 * Back-and-forth local search (Zhang et al. 2022, arXiv:2202.01361; Kim et al. 2023, "Local Search GFlowNets",
 * arXiv:2310.02710): trajectories walked back a few steps with PB, rebuilt forwards with PF, and kept or not.
 */
package org.gfn4j.core.localsearch;
