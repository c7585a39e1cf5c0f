/** The composition root of a node and the glue between Raft, the monitor and the client endpoints. */
package io.raftsentinel.node.runtime;
