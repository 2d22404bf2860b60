/** Estimators (policies and flows): the forward/backward contract and the policy SPI. */
package org.gfn4j.api.policy;
