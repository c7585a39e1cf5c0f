/**
 * Benchmarks of the pure topology core ({@code bin/bench-core} runs them with JMH), and the
 * workloads they replay.
 */
package io.raftsentinel.raftstate.bench;
