package org.gfn4j.api.env;

/** Which actions each state of a batch allows: an immutable {@code rows x width} boolean table. */
public final class Masks {
  private final int rows;
  private final int width;
  private final boolean[] allowed;

  Masks(int rows, int width, boolean[] allowed) {
    if (allowed.length != rows * width) {
      throw new IllegalArgumentException(allowed.length + " mask entries do not form " + rows + " x " + width);
    }
    this.rows = rows;
    this.width = width;
    this.allowed = allowed;
  }

  /** Number of states. */
  public int rows() {
    return rows;
  }

  /** Number of actions per state. */
  public int width() {
    return width;
  }

  /** Whether state {@code row} allows {@code action}. */
  public boolean isAllowed(int row, int action) {
    return allowed[row * width + action];
  }

  /** How many actions state {@code row} allows. */
  public int countAllowed(int row) {
    int count = 0;
    for (int a = row * width, end = a + width; a < end; a++) {
      if (allowed[a]) {
        count++;
      }
    }
    return count;
  }

  Masks select(int[] selectedRows) {
    boolean[] selected = new boolean[selectedRows.length * width];
    for (int i = 0; i < selectedRows.length; i++) {
      System.arraycopy(allowed, selectedRows[i] * width, selected, i * width, width);
    }
    return new Masks(selectedRows.length, width, selected);
  }
}
