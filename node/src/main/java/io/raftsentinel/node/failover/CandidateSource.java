package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Chooses the replica to promote with fresh facts (Sentinel's rules); empty when none qualifies. */
public interface CandidateSource {
  CompletableFuture<Optional<Candidate>> select(MasterRecord master);
}
