/**
 * Client compatibility: unmodified Sentinel clients (Jedis, Lettuce, redis-cli, raw Pub/Sub) pointed
 * at raft-sentinel nodes through a real failover, a field-by-field differential against a real
 * {@code redis-sentinel}, and the RESP endpoint benchmark behind {@code bin/bench-resp}.
 */
package io.raftsentinel.it.clients;
