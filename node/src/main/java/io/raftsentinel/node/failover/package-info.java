/**
 * Failover, run by the Raft leader only: reacting to a committed ODOWN (or a manual request),
 * committing each step before acting on Redis, and resuming a predecessor's failover from its last
 * committed step.
 */
package io.raftsentinel.node.failover;
