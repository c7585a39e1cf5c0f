package io.raftsentinel.node.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The node's 40-hex run id (SENTINEL MYID), created once and kept in the Raft directory. */
final class NodeIdentity {
  private static final String FILE = "node.runid";

  private NodeIdentity() {}

  static String loadOrCreate(Path raftDir) throws IOException {
    Files.createDirectories(raftDir);
    Path file = raftDir.resolve(FILE);
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (id.matches("[0-9a-f]{40}")) {
        return id;
      }
      throw new IOException(file + " does not hold a 40-hex run id; delete it to create a new one");
    }
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    Path tmp = raftDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }
}
