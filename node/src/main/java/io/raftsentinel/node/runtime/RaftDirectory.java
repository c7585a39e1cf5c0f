package io.raftsentinel.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft storage directory ({@code raft-dir}) holds the replicated state, secrets included
 * ({@code auth-pass}): it is created readable by its owner only (0700), and an existing one that
 * others can read is tightened to 0700. On a file system without POSIX permissions nothing is changed.
 */
final class RaftDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(RaftDirectory.class);
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private RaftDirectory() {}

  static void prepare(Path dir) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.exists(dir)) {
      if (dir.getParent() != null) {
        Files.createDirectories(dir.getParent());
      }
      if (posix) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // The umask may have removed bits from the requested mode, never added any; set it exactly.
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
      } else {
        Files.createDirectory(dir);
      }
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("raft-dir " + dir + " exists and is not a directory");
    }
    if (posix) {
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
      if (!OWNER_ONLY.containsAll(current) || !current.containsAll(OWNER_ONLY)) {
        LOG.warn("raft-dir {} had permissions {}; setting them to rwx------ (it holds secrets)", dir,
            PosixFilePermissions.toString(current));
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
      }
    }
  }
}
