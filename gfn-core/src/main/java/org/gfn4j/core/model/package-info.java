/** The parts of a GFlowNet: policies, flows, log Z, the reward they train against. */
package org.gfn4j.core.model;
