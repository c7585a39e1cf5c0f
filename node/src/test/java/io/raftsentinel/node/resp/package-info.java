/**
 * Tests of the RESP endpoint over real sockets against an in-memory read model whose state comes
 * from the real {@link io.raftsentinel.raftstate.core.TopologyMachine}; real clients (redis-cli,
 * Jedis) included.
 */
package io.raftsentinel.node.resp;
