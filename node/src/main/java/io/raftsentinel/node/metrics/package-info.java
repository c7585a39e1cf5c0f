/**
 * The Prometheus endpoint of a node: {@code GET /metrics} in the text exposition format, written by
 * hand (no client library), from the committed event stream (counters, failover durations) and from
 * the node's state and Raft status read at scrape time (gauges).
 */
package io.raftsentinel.node.metrics;
