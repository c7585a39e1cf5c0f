/**
 * The Redis Sentinel protocol endpoint (RESP2 and RESP3) of a node: a Netty server
 * ({@link io.raftsentinel.node.resp.RespServer}) that decodes RESP and inline commands, answers the
 * Sentinel command set byte for byte like Redis Sentinel 7.0 from the node's
 * {@link io.raftsentinel.node.query.TopologyQueryService}, sends writes through the
 * {@link io.raftsentinel.node.query.TopologyWriter}, and fans the node's events out to Pub/Sub
 * subscribers. Everything but the server, its config and the failure-simulation flags is
 * package-private.
 */
package io.raftsentinel.node.resp;
