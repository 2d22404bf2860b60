/** Environments: batched discrete states, masks, actions, and the environment SPI. */
package org.gfn4j.api.env;
