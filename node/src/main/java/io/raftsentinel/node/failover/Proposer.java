package io.raftsentinel.node.failover;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import java.util.concurrent.CompletableFuture;

/** Commits a command through Raft, stamped with this node's id and clock. */
public interface Proposer {
  CompletableFuture<CommandReply> propose(Command.Builder command);
}
