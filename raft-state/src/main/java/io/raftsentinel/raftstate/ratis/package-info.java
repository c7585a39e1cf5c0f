/**
 * The Apache Ratis adapter of the topology state machine: decoding log entries, applying them
 * through the pure core, snapshots, leadership notifications and the event feed. Ratis's shaded
 * types stay inside this package.
 */
package io.raftsentinel.raftstate.ratis;
