package org.gfn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WorkspaceScopeTest {
  private static final int FLOATS_PER_UNIT = 1000;

  /** One cycle: allocates FLOATS_PER_UNIT floats per unit inside the scope, returns its sum (computed inside). */
  private static double cycle(String id, int units) {
    try (WorkspaceScope scope = WorkspaceScope.open(id, units)) {
      INDArray values = Nd4j.ones(DataType.FLOAT, units, FLOATS_PER_UNIT);
      assertThat(Nd4j.getMemoryManager().getCurrentWorkspace()).isSameAs(scope.workspace());
      return values.sumNumber().doubleValue();
    }
  }

  @Test
  void aLargerCycleIsSizedAhead_geometrically_soItDoesNotOutgrowTheBlock() {
    String id = "test-sized-ahead";
    assertThat(cycle(id, 10)).isEqualTo(10.0 * FLOATS_PER_UNIT);
    long learned = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize();
    assertThat(learned).isGreaterThanOrEqualTo(10L * FLOATS_PER_UNIT * Float.BYTES);

    try (WorkspaceScope scope = WorkspaceScope.open(id, 100)) {
      long size = scope.workspace().getCurrentSize();
      // re-created before the cycle: room for twice the 100 units' bytes, estimated from the first cycle
      assertThat(size).isGreaterThanOrEqualTo((long) (WorkspaceScope.GROWTH * 100 * FLOATS_PER_UNIT * Float.BYTES));
      Nd4j.ones(DataType.FLOAT, 100, FLOATS_PER_UNIT);
    }
    long grown = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize();
    assertThat(cycle(id, 150)).isEqualTo(150.0 * FLOATS_PER_UNIT);
    assertThat(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize())
        .as("150 units fit in the block sized for 2 x 100: no re-creation").isEqualTo(grown);
  }

  @Test
  void aCycleThatOutgrowsItsBlockAnyway_growsItOnClose() {
    String id = "test-outgrown";
    cycle(id, 10);
    long before = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize();
    try (WorkspaceScope scope = WorkspaceScope.open(id, 10)) { // claims 10 units, uses 200
      Nd4j.ones(DataType.FLOAT, 200, FLOATS_PER_UNIT);
    }
    long after = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize();
    assertThat(after).isGreaterThan(before)
        .isGreaterThanOrEqualTo((long) (WorkspaceScope.GROWTH * 200 * FLOATS_PER_UNIT * Float.BYTES));
    assertThat(cycle(id, 200)).isEqualTo(200.0 * FLOATS_PER_UNIT);
  }
}
