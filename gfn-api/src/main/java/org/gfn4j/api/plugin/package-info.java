/** The common shape of every plugin provider. */
package org.gfn4j.api.plugin;
