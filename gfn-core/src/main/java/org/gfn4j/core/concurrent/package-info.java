/** The second core: {@link org.gfn4j.core.concurrent.SideThread}, where PB's passes run beside PF's. */
package org.gfn4j.core.concurrent;
