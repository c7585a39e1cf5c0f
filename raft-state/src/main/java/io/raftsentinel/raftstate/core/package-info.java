/**
 * The pure, deterministic topology state machine: immutable state records and
 * {@link io.raftsentinel.raftstate.core.TopologyMachine#apply} which turns one log command into the
 * next state, a reply and the Sentinel-style events it produced. No I/O, clock, threads or
 * randomness: time enters only as the proposer's timestamp inside each command.
 */
package io.raftsentinel.raftstate.core;
