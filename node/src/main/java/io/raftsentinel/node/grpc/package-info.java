/**
 * The public gRPC API of a node ({@code SentinelService} in {@code sentinel.proto}): reads from the
 * {@link io.raftsentinel.node.query.TopologyQueryService} read model, writes through the
 * {@link io.raftsentinel.node.query.TopologyWriter}, the event stream for watchers, and optional
 * bearer-token authentication. Every failure leaves the service as a gRPC status with a message.
 */
package io.raftsentinel.node.grpc;
