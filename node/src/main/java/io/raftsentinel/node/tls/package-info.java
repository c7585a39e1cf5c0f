/**
 * Mutual TLS for the node's gRPC endpoint, its Raft traffic and the CLI client: PEM files (Redis's
 * {@code tls-cert-file}, {@code tls-key-file}, {@code tls-ca-cert-file}) loaded once into a key manager
 * and a trust manager that every TLS endpoint of the process shares.
 */
package io.raftsentinel.node.tls;
