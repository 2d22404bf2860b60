/** Optimisers over flat parameter groups. */
package org.gfn4j.core.optim;
