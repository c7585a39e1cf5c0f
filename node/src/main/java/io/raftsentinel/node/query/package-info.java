/**
 * The one read model behind gRPC and RESP: the committed topology of this node, this node's own
 * observations of the Redis instances, its Raft status, and the event feed; plus the write path
 * that proposes commands through Raft.
 */
package io.raftsentinel.node.query;
