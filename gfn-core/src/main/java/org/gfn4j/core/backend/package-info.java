/** ND4J execution settings and array conversions, kept in one place. */
package org.gfn4j.core.backend;
