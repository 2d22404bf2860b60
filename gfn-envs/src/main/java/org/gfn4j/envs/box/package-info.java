/** The continuous Box environment of torchgfn ({@code BoxCartesian}) with its Beta-mixture policy heads. */
package org.gfn4j.envs.box;
