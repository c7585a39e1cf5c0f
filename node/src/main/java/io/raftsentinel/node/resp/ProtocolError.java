package io.raftsentinel.node.resp;

/** Input that is not RESP: answered with {@code -ERR Protocol error: <reason>}, then the connection closes. */
record ProtocolError(String reason) {}
