package io.raftsentinel.node.scripts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small executable shell scripts for the tests. */
final class TestScripts {
  private TestScripts() {}

  static Path write(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** A script that appends one line with its arguments (space separated) to {@code out}. */
  static Path recorder(Path dir, String name, Path out) throws IOException {
    return write(dir, name, "echo \"$*\" >> '" + out + "'");
  }
}
