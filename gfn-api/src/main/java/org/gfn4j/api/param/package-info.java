/** Declared, typed and validated plugin parameters. */
package org.gfn4j.api.param;
