/** Rewards of terminal objects and the reward SPI. */
package org.gfn4j.api.reward;
