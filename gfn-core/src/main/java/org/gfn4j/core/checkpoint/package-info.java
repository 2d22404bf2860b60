/** Saving and loading trained models with their provenance. */
package org.gfn4j.core.checkpoint;
