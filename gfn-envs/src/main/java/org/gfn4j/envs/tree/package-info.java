/**
 * torchgfn's {@code PerfectBinaryTree}: a tree-shaped state graph in which each leaf is reached by exactly one
 * trajectory ({@link org.gfn4j.envs.tree.PerfectTree}), and its provider "perfect-tree".
 */
package org.gfn4j.envs.tree;
