package io.raftsentinel.it.reliability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A client that keeps asking nodes for the master's address, over RESP ({@code SENTINEL
 * get-master-addr-by-name}) and gRPC ({@code GetMasterAddress}), every ~20 ms, and records every
 * answer that is not {@code expected} (or no answer at all). Targets can be added while it runs.
 */
public final class MasterReader implements AutoCloseable {
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String master;
  private final String expected;
  private final GrpcProbe grpc;
  private final List<NodeProcess> targets = new CopyOnWriteArrayList<>();
  private final List<String> wrong = new CopyOnWriteArrayList<>();
  private final AtomicInteger respAnswers = new AtomicInteger();
  private final AtomicInteger grpcAnswers = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stop;

  public MasterReader(String master, String expected, GrpcProbe grpc, List<NodeProcess> initial) {
    this.master = master;
    this.expected = expected;
    this.grpc = grpc;
    targets.addAll(initial);
    thread = new Thread(this::loop, "master-reader");
    thread.setDaemon(true);
    thread.start();
  }

  public void add(NodeProcess n) {
    targets.add(n);
  }

  private void loop() {
    while (!stop) {
      for (NodeProcess n : targets) {
        check(n, "resp", () -> RespProbe.masterAddr(n.respPort(), master), respAnswers);
        check(n, "grpc", () -> grpc.masterAddress(n, master), grpcAnswers);
      }
      LockSupport.parkNanos(PACE_NANOS);
    }
  }

  private void check(NodeProcess n, String via, java.util.function.Supplier<String> ask, AtomicInteger count) {
    try {
      String a = ask.get();
      count.incrementAndGet();
      if (!expected.equals(a)) {
        wrong.add(n.id() + " " + via + " said " + a + " at " + Millis.now());
      }
    } catch (RuntimeException e) {
      wrong.add(n.id() + " " + via + " failed at " + Millis.now() + ": " + e);
    }
  }

  public List<String> wrong() {
    return List.copyOf(wrong);
  }

  public int respAnswers() {
    return respAnswers.get();
  }

  public int grpcAnswers() {
    return grpcAnswers.get();
  }

  /** Stops reading and waits for the last round to end. */
  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
