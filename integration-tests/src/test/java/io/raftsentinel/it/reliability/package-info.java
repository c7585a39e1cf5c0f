/**
 * Reliability tests with real processes: every raft-sentinel node is a separate JVM (so kill -9,
 * SIGSTOP and a wiped data dir are the real thing), every Redis a real redis-server. A recorder
 * subscribes to every node's events, pollers sample every node's {@code SENTINEL master} and every
 * Redis's {@code ROLE}, and {@link io.raftsentinel.it.reliability.HistoryChecker} judges the whole
 * history afterwards: no decision lost, never two masters for one epoch.
 */
package io.raftsentinel.it.reliability;
