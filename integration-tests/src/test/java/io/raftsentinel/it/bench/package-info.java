/** Opt-in benchmarks against real redis-sentinel (the {@code bench} Maven profile). */
package io.raftsentinel.it.bench;
