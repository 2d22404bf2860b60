/**
 * Detailed balance (Bengio et al., JMLR 2023): a learned state flow times the forward probability of each step
 * must equal the next state's flow times the backward probability, with the reward as the flow into the sink.
 * Registered as objective {@code "db"}; {@code forward_looking=true} gives forward-looking DB (Pan et al. 2023).
 */
package org.gfn4j.losses.db;
