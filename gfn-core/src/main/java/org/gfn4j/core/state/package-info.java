/** The changing state of a training run's parts, which a checkpoint saves so that a resumed run continues exactly. */
package org.gfn4j.core.state;
