/**
 * Talking to monitored Redis instances: one shared Lettuce {@link io.lettuce.core.resource.ClientResources}
 * per node ({@link io.raftsentinel.node.redis.RedisResources}), one multiplexed connection per instance
 * ({@link io.raftsentinel.node.redis.RedisInstanceClient}) that rejects commands while disconnected and
 * times every call out, and the pure {@code INFO} parser. Nothing here decides anything.
 */
package io.raftsentinel.node.redis;
