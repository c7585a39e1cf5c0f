package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Chooses the replica to promote with fresh facts (Sentinel's rules). */
public interface CandidateSource {

  /** Every replica that qualifies by Sentinel's rules, best first, each with its lag. */
  CompletableFuture<List<Candidate>> rank(MasterRecord master);

  /** The best qualifying replica; empty when none qualifies. */
  default CompletableFuture<Optional<Candidate>> select(MasterRecord master) {
    return rank(master).thenApply(all -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(0)));
  }
}
