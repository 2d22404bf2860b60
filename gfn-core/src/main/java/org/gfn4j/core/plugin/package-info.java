/** Plugin discovery with ServiceLoader, the plugin registry, and its Guice bindings. */
package org.gfn4j.core.plugin;
