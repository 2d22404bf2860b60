/** Runs assembled from plugin names and options: the specification and the factory. */
package org.gfn4j.core.run;
