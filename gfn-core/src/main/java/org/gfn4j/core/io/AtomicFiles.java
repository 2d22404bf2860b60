package org.gfn4j.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes files atomically: to a temporary file in the same folder, forced to disk, then renamed over the target;
 * and folders of files the same way ({@link #writeFolder}).
 */
public final class AtomicFiles {
  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} so that readers see the old file or the complete new one, never a partial one.
   *
   * @throws UncheckedIOException naming the file if writing fails (the old file is then left as it was)
   */
  public static void write(Path target, Content content) {
    Path folder = target.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(folder);
      temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        content.writeTo(out);
        out.flush();
        channel.force(true); // on disk before the rename makes it visible
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a folder of files so that readers see the old folder or the complete new one: the files go into a
   * temporary sibling folder, each forced to disk, which is then renamed to {@code target}; an earlier
   * {@code target} is replaced once the new one is complete.
   *
   * @param files file names and contents, written in this order
   * @throws UncheckedIOException naming the folder if writing fails (an earlier folder is then left as it was)
   */
  public static void writeFolder(Path target, Map<String, byte[]> files) {
    Path parent = target.toAbsolutePath().getParent();
    Path temporary = null;
    Path replaced = null;
    try {
      Files.createDirectories(parent);
      temporary = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        try (FileChannel channel = FileChannel.open(temporary.resolve(file.getKey()), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          ByteBuffer bytes = ByteBuffer.wrap(file.getValue());
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          channel.force(true);
        }
      }
      forceFolder(temporary);
      if (Files.exists(target)) {
        replaced = parent.resolve("." + target.getFileName() + ".replaced-" + System.nanoTime());
        Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
      forceFolder(parent);
    } catch (IOException e) {
      deleteTreeQuietly(temporary);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
    deleteTreeQuietly(replaced);
  }

  /** Deletes a folder and its files (one level deep), or a file; nothing if it does not exist. */
  public static void deleteTree(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(file);
        }
      }
    }
    Files.deleteIfExists(path);
  }

  /** Forces a folder's entries (a rename into it) to disk, where the platform allows it. */
  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open folders; its renames are durable once they return
    }
  }

  private static void deleteTreeQuietly(Path path) {
    if (path != null) {
      try {
        deleteTree(path);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
    }
  }

  /** Writes text in UTF-8, atomically. */
  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
    }
  }
}
