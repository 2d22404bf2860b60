/** Values that change over training iterations: the decay of exploration's epsilon and temperature. */
package org.gfn4j.core.schedule;
