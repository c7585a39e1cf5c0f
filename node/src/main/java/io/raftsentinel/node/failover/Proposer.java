package io.raftsentinel.node.failover;

import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Command;
import java.util.concurrent.CompletableFuture;

/** Commits a command through Raft, stamped with this node's id and clock. */
public interface Proposer {
  CompletableFuture<WriteResult> propose(Command.Builder command);
}
