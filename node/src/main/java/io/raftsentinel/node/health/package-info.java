/**
 * Local failure detection: {@link io.raftsentinel.node.health.HealthMonitor} probes every known
 * instance (PING, INFO) on one shared scheduler, {@link io.raftsentinel.node.health.FailureDetector}
 * turns ping history into Sentinel's SDOWN verdict on an injected monotonic clock, and
 * {@link io.raftsentinel.node.health.ReplicaSelector} orders failover candidates as Sentinel does.
 * Observations leave this package only as {@link io.raftsentinel.node.health.HealthListener}
 * transitions; nothing here writes to the log or changes Redis.
 */
package io.raftsentinel.node.health;
