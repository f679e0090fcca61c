package org.borderzone.incidents;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where import bodies are spooled: a directory of this server's own under {@code borderzone.import.spool-dir},
 * {@code server-<pid>-<random>/}, next to a lock file {@code server-<pid>-<random>.lock} that this process
 * holds locked as long as it lives. The operating system releases the lock when the process dies, however it
 * dies (kill -9 included), so at start every directory whose lock can be taken belongs to a dead server and is
 * removed with whatever it spooled; directories of live servers sharing the spool root (other instances on the
 * host, other test JVMs) are left alone. Spool files of older versions ({@code borderzone-import-*} in the
 * temporary directory) are removed once they are an hour old. Each import deletes its own file when it ends.
 */
@Component
class ImportSpool {

  private static final Logger log = LoggerFactory.getLogger(ImportSpool.class);
  /** A directory without its lock file is only removed once it is this old (it may be being created). */
  private static final Duration ORPHAN_AGE = Duration.ofMinutes(1);
  private static final Duration LEGACY_AGE = Duration.ofHours(1);
  /** The names of this JVM's spool directories and lock files start with it. */
  private static final String OWN_PREFIX = "server-" + ProcessHandle.current().pid() + "-";

  private final Path root;
  private final Path dir;
  private final Path lockFile;
  private final FileChannel lockChannel;
  private final FileLock lock;

  ImportSpool(ImportProperties props) throws IOException {
    String configured = props.spoolDir();
    root = configured == null || configured.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "borderzone-spool") : Path.of(configured);
    Files.createDirectories(root);
    String name = OWN_PREFIX + Long.toHexString(System.nanoTime());
    lockFile = root.resolve(name + ".lock");
    lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockChannel.tryLock();
    if (lock == null) {
      throw new IllegalStateException("cannot lock " + lockFile);
    }
    dir = Files.createDirectories(root.resolve(name));
    long removed = removeStale();
    if (removed > 0) {
      log.info("Removed {} stale import spool file(s) of stopped servers under {}", removed, root);
    }
  }

  /** This server's spool directory. */
  Path dir() {
    return dir;
  }

  /** A new, empty spool file. */
  Path newFile(String suffix) throws IOException {
    return Files.createTempFile(dir, "import-", suffix);
  }

  /** Deletes a spool file; never throws (a file left behind is removed at the next start). */
  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete the spool file {}: {}", file, e.toString());
    }
  }

  /** Removes what dead servers left; returns the number of files removed. */
  long removeStale() {
    long removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (p.equals(dir) || p.equals(lockFile) || n.startsWith(OWN_PREFIX)) {
          // This JVM's own (other application contexts in tests): never opened here, since closing a channel
          // on a locked file releases this JVM's lock on it (FileLock's javadoc), and another process could
          // then take it for a dead server's and remove the live spool directory under it.
          continue;
        }
        if (n.endsWith(".lock") && Files.isRegularFile(p)) {
          removed += removeIfDead(p, root.resolve(n.substring(0, n.length() - ".lock".length())));
        } else if (Files.isDirectory(p) && !Files.exists(root.resolve(n + ".lock")) && olderThan(p, ORPHAN_AGE)) {
          removed += deleteTree(p);
        }
      }
    } catch (IOException e) {
      log.warn("cannot scan the spool directory {}: {}", root, e.toString());
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> legacy = Files.newDirectoryStream(tmp, "borderzone-import-*")) {
      for (Path p : legacy) {
        if (Files.isRegularFile(p) && olderThan(p, LEGACY_AGE)) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    } catch (IOException e) {
      log.debug("cannot scan {} for old spool files: {}", tmp, e.toString());
    }
    return removed;
  }

  private long removeIfDead(Path lockPath, Path spool) throws IOException {
    try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.WRITE)) {
      FileLock other = ch.tryLock();
      if (other == null) {
        return 0; // a live server holds it
      }
      try {
        long n = Files.isDirectory(spool) ? deleteTree(spool) : 0;
        Files.deleteIfExists(lockPath);
        return n;
      } finally {
        other.release();
      }
    } catch (OverlappingFileLockException sameJvm) {
      return 0; // another server in this very JVM (e.g. a second application context in tests)
    } catch (java.nio.file.NoSuchFileException gone) {
      return 0; // removed meanwhile by another starting server
    }
  }

  private static boolean olderThan(Path p, Duration age) throws IOException {
    FileTime t = Files.getLastModifiedTime(p);
    return t.toInstant().isBefore(Instant.now().minus(age));
  }

  /** Deletes a directory with its content; returns the number of regular files deleted. */
  private static long deleteTree(Path top) throws IOException {
    long[] files = {0};
    try (Stream<Path> walk = Files.walk(top)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          if (Files.isRegularFile(p)) {
            files[0]++;
          }
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return files[0];
  }

  @PreDestroy
  void close() {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      log.warn("cannot remove the spool directory {}: {}", dir, e.toString());
    }
    try {
      lock.release();
      lockChannel.close();
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      log.debug("cannot remove {}: {}", lockFile, e.toString());
    }
  }
}
