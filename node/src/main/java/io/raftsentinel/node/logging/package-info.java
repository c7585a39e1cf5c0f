/**
 * Log output formats. Text lines come from slf4j-simple; {@code log-format json} (or
 * {@code RAFT_SENTINEL_LOG_FORMAT=json}) selects {@link io.raftsentinel.node.logging.JsonLogProvider}, an
 * SLF4J provider writing one JSON object per line. Both honour slf4j-simple's level properties.
 */
package io.raftsentinel.node.logging;
