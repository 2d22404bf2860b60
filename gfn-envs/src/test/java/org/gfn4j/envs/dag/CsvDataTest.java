package org.gfn4j.envs.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, text);
    return file;
  }

  private static DagStructure load(Path file) {
    return DagStructure.of(Map.of("data", file.toString()));
  }

  @Test
  void aWellFormedFile_setsTheNodesAndSamples_andHasNoTrueGraph() throws IOException {
    Path file = file("x, \"y\",z\n1,2,3\n\n4.5,-1e-1, 0\n2,2,2\n");
    DagStructure env = load(file);
    assertThat(env.numNodes()).isEqualTo(3);
    assertThat(env.nodeNames()).containsExactly("x", "y", "z");
    assertThat(env.samples()).isDeepEqualTo(new double[][] {{1, 2, 3}, {4.5, -0.1, 0}, {2, 2, 2}});
    assertThat(env.trueGraph()).isEmpty();
    assertThat(env.modeLogRewardThreshold()).isEmpty();
    assertThat(env.stateCount()).isEqualTo(25);
    assertThat(env.dataOrigin()).isEqualTo("data file '" + file + "'");
  }

  @Test
  void aValueThatIsNotANumber_isNamedByLineAndColumn() throws IOException {
    Path file = file("a,b\n1,2\n\n3,abc\n");
    assertThatThrownBy(() -> load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + file + "', line 4, column 2 ('b'): 'abc' is not a number");
    Path nan = file("a,b\n1,NaN\n");
    assertThatThrownBy(() -> load(nan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + nan + "', line 2, column 2 ('b'): 'NaN' is not a finite number");
  }

  @Test
  void aRowOfTheWrongWidth_isNamedByLine() throws IOException {
    Path file = file("a,b,c\n1,2,3\n1,2\n");
    assertThatThrownBy(() -> load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + file + "', line 3: 2 fields, expected 3 (one per node of the header: a, b, c)");
  }

  @Test
  void badHeaders_areRejected() throws IOException {
    Path repeated = file("a,b,a\n1,2,3\n");
    assertThatThrownBy(() -> load(repeated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + repeated + "', line 1, column 3: node name 'a' repeats column 1");
    Path blank = file("a,,c\n1,2,3\n");
    assertThatThrownBy(() -> load(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + blank + "', line 1, column 2: empty node name; the first row must name every"
            + " column");
    Path wide = file("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u\n");
    assertThatThrownBy(() -> load(wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + wide + "', line 1: the header names 21 nodes, at most 20 are supported");
  }

  @Test
  void emptyFiles_headerOnly_andMissingFiles_areRejected() throws IOException {
    Path empty = file("\n  \n");
    assertThatThrownBy(() -> load(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data file '" + empty + "' is empty; expected a header row of node names");
    Path header = file("a,b\n");
    assertThatThrownBy(() -> load(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data file '" + header + "', line 1: the header has no data rows after it; expected one row of 2"
            + " numbers per sample");
    Path missing = dir.resolve("missing.csv");
    assertThatThrownBy(() -> load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data file '" + missing + "' cannot be read: java.nio.file.NoSuchFileException");
  }
}
