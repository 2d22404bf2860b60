/**
 * Bayesian structure learning with GFlowNets (DAG-GFlowNet, Deleu et al. 2022), torchgfn's
 * {@code BayesianStructure}: DAGs built one edge at a time ({@link org.gfn4j.envs.dag.DagStructure}) with the BGe
 * score of linear-Gaussian data as log-reward ({@link org.gfn4j.envs.dag.BgeScore}), the provider
 * "dag-structure", and the evaluation of a posterior over DAGs, edge marginals and expected structural Hamming
 * distance ({@link org.gfn4j.envs.dag.DagPosterior}).
 */
package org.gfn4j.envs.dag;
