package io.raftsentinel.node.redis;

import java.util.ArrayList;
import java.util.List;

/** Reads the reply of {@code CLIENT LIST}: one line per client, space-separated {@code key=value} fields. */
final class ClientList {
  private ClientList() {}

  /** Ids of the listed clients whose {@code name} does not start with {@code sparedPrefix}. */
  static List<Long> idsNotNamed(String reply, String sparedPrefix) {
    List<Long> ids = new ArrayList<>();
    for (String line : reply.split("\n")) {
      long id = -1;
      String name = "";
      for (String field : line.strip().split(" ")) {
        if (field.startsWith("id=")) {
          id = Long.parseLong(field.substring(3));
        } else if (field.startsWith("name=")) {
          name = field.substring(5);
        }
      }
      if (id >= 0 && !name.startsWith(sparedPrefix)) {
        ids.add(id);
      }
    }
    return ids;
  }
}
