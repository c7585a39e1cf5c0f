package io.raftsentinel.node.failover;

/** Answers, right before each action on Redis, whether this node still leads in the given term. */
public interface LeaderGate {
  boolean leadsInTerm(long term);
}
