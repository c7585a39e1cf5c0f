package io.raftsentinel.node.resp;

/** Executes one command for one connection, on that connection's event loop. Never throws for bad input. */
@FunctionalInterface
interface Handler {
  Reply handle(ConnectionState connection, Request request);
}
