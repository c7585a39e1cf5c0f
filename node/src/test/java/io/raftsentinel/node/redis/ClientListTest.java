package io.raftsentinel.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientListTest {
  @Test
  void keepsTheIdsOfClientsNotNamedByANode() {
    String reply = """
        id=3 addr=127.0.0.1:5001 laddr=127.0.0.1:6379 fd=8 name= age=9 idle=0 flags=N db=0 cmd=ping
        id=4 addr=127.0.0.1:5002 laddr=127.0.0.1:6379 fd=9 name=raft-sentinel-n2abcdef age=9 flags=N cmd=ping
        id=17 addr=127.0.0.1:5003 laddr=127.0.0.1:6379 fd=10 name=app age=1 flags=N cmd=get
        """;
    assertEquals(List.of(3L, 17L), ClientList.idsNotNamed(reply, RedisEndpoint.NODE_CLIENT_PREFIX));
    assertEquals(List.of(), ClientList.idsNotNamed("", RedisEndpoint.NODE_CLIENT_PREFIX));
  }
}
