/** File helpers: atomic writes. */
package org.gfn4j.core.io;
