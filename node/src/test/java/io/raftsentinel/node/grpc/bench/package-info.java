/** A load generator for a running group's gRPC API (read throughput/latency, watch fan-out). */
package io.raftsentinel.node.grpc.bench;
