package org.gfn4j.examples.cli;

import org.gfn4j.core.run.CheckpointStore;
import picocli.CommandLine;

/** Reports the gfn4j version for {@code gfn --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"gfn4j " + CheckpointStore.gfn4jVersion()};
  }
}
