/**
 * The numeric backends, kept in one place: ND4J's execution settings, workspaces and array conversions, and the
 * small products on the JDK's vector API ({@link org.gfn4j.core.backend.SmallProducts}).
 */
package org.gfn4j.core.backend;
