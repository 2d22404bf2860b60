package org.gfn4j.core.backend;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An open cycle of one of the calling thread's ND4J workspaces: every array created until {@link #close()} lives
 * in one reused block of memory instead of its own native allocation, and is invalid afterwards. Copy whatever
 * must survive into Java arrays (or arrays created outside) before closing.
 *
 * <p>The block is sized ahead: the bytes per unit (row, transition) of this thread's previous cycle of the same
 * workspace, times the units of this one; when that exceeds the block, it is re-created {@value #GROWTH} times
 * larger before the cycle starts (and after a cycle that outgrew it anyway). Fresh memory is expensive on virtual
 * machines (a few milliseconds per megabyte touched for the first time), and ND4J's own policy re-allocates to
 * the exact size after each cycle that outgrew the block, which while trajectories lengthen means one fresh block
 * per new longest batch; growing geometrically ahead means a few. A re-created block frees the old one at once:
 * an array kept from an earlier cycle (against the rule above) then points at freed memory.
 */
public final class WorkspaceScope implements AutoCloseable {
  /** How much larger than the need of a cycle a block is re-created. */
  static final double GROWTH = 2;
  /** A new workspace learns its size from its first cycle, plus half. */
  private static final WorkspaceConfiguration LEARNING = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.5)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.EXTERNAL)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .build();
  /** Bytes per unit of the last cycle of each of this thread's workspaces, by id. */
  private static final ThreadLocal<Map<String, Double>> BYTES_PER_UNIT = ThreadLocal.withInitial(HashMap::new);

  private final MemoryWorkspace workspace;
  private final String id;
  private final long units;

  private WorkspaceScope(MemoryWorkspace workspace, String id, long units) {
    this.workspace = workspace;
    this.id = id;
    this.units = units;
  }

  /**
   * Opens the calling thread's workspace {@code id} for a cycle whose memory grows with {@code units}.
   *
   * @param units rows or transitions of the cycle; 0 when unknown (then the block is only grown after a cycle)
   */
  public static WorkspaceScope open(String id, long units) {
    MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
    Double perUnit = BYTES_PER_UNIT.get().get(id);
    if (perUnit != null && units > 0 && manager.checkIfWorkspaceExists(id)) {
      MemoryWorkspace existing = manager.getWorkspaceForCurrentThread(id);
      long needed = (long) Math.ceil(perUnit * units);
      if (needed > existing.getCurrentSize() && !existing.isScopeActive()) {
        recreate(manager, existing, needed);
      }
    }
    return new WorkspaceScope(manager.getAndActivateWorkspace(LEARNING, id), id, units);
  }

  /** The workspace, for inspection (its size, its last cycle's allocations). */
  public MemoryWorkspace workspace() {
    return workspace;
  }

  /** Leaves the cycle, records its bytes per unit, and re-creates the block larger if the cycle outgrew it. */
  @Override
  public void close() {
    workspace.close();
    long used = workspace.getLastCycleAllocations();
    if (units > 0) {
      BYTES_PER_UNIT.get().put(id, (double) used / units);
    }
    long size = workspace.getCurrentSize();
    if (size > 0 && used > size && !workspace.isScopeActive()) {
      recreate(Nd4j.getWorkspaceManager(), workspace, used);
    }
  }

  private static void recreate(MemoryWorkspaceManager manager, MemoryWorkspace workspace, long needed) {
    String id = workspace.getId();
    manager.destroyWorkspace(workspace);
    manager.createNewWorkspace(WorkspaceConfiguration.builder()
        .initialSize((long) (needed * GROWTH))
        .policyAllocation(AllocationPolicy.STRICT)
        .policyLearning(LearningPolicy.NONE)
        .policySpill(SpillPolicy.EXTERNAL)
        .policyReset(ResetPolicy.BLOCK_LEFT)
        .build(), id);
  }
}
