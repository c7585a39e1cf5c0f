/** Security end to end: mutual TLS between nodes and towards gRPC clients, secrets kept out of sight. */
package io.raftsentinel.it.security;
