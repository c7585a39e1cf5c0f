/**
 * The {@code raft-sentinel} command line: {@code run} starts a node, the other subcommands are
 * gRPC clients of a running group (status, masters, failover, watch, ...). Each subcommand is a small
 * picocli command; output is an aligned table or, with {@code --json}, JSON; errors are one line on
 * stderr with exit code 1 (2 for usage errors).
 */
package io.raftsentinel.node.cli;
