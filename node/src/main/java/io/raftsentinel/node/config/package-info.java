/**
 * The node's configuration file: a parser for Redis {@code sentinel.conf} syntax plus the {@code raft-*}
 * directives, the typed immutable {@link io.raftsentinel.node.config.NodeConfig} tree it produces, its
 * validation, and command-line overrides. Every problem is reported as one
 * {@link io.raftsentinel.node.config.ConfigException} listing all errors, each naming the file and line.
 */
package io.raftsentinel.node.config;
