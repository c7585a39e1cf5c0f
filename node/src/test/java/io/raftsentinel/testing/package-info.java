/**
 * Reusable test harness published in the node test-jar: real {@code redis-server} processes on free
 * loopback ports, a cuttable TCP proxy, free-port allocation and deadline polling. Nothing here
 * mocks Redis; every class is {@link java.lang.AutoCloseable} and safe to close twice.
 */
package io.raftsentinel.testing;
