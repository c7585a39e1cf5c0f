package io.raftsentinel.node.grpc.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.raftsentinel.proto.api.Consistency;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.GetMasterAddressReply;
import io.raftsentinel.proto.api.GetMasterAddressRequest;
import io.raftsentinel.proto.api.MonitorRequest;
import io.raftsentinel.proto.api.RemoveRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.proto.api.WatchEventsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures a running node's gRPC API: GetMasterAddress throughput and p50/p99 latency with 1, 16 and
 * 128 concurrent callers in LOCAL and LINEARIZABLE consistency, then WatchEvents fan-out: N watchers,
 * and for each committed event the time from sending the write to the first and to the last watcher
 * receiving it. Prints a table per phase. See docs/grpc.md for the invocation.
 */
@Command(name = "grpc-load", mixinStandardHelpOptions = true)
public final class GrpcLoadGenerator implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "127.0.0.1:50051", description = "HOST:PORT of one node.")
  String server;

  @Option(names = "--master", defaultValue = "mymaster", description = "Master to resolve (must exist).")
  String master;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,16,128")
  List<Integer> concurrency;

  @Option(names = "--consistency", split = ",", defaultValue = "LOCAL,LINEARIZABLE")
  List<Consistency> consistencies;

  @Option(names = "--duration-s", defaultValue = "10", description = "Measured seconds per run.")
  int durationS;

  @Option(names = "--warmup-s", defaultValue = "2", description = "Unmeasured seconds before each run.")
  int warmupS;

  @Option(names = "--watchers", defaultValue = "100", description = "Watchers for the fan-out phase (0 skips).")
  int watchers;

  @Option(names = "--events", defaultValue = "50", description = "Events measured in the fan-out phase.")
  int events;

  @Option(names = "--fanout-master", defaultValue = "raft-sentinel-bench",
      description = "A scratch master monitored (at 127.0.0.1:1, quorum 100) and removed by the fan-out phase.")
  String fanoutMaster;

  @Option(names = "--password", defaultValue = "${env:RAFT_SENTINEL_PASSWORD}")
  String password;

  private ManagedChannel channel;
  private ScheduledExecutorService retries;
  private volatile boolean finished;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GrpcLoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int colon = server.lastIndexOf(':');
    retries = Executors.newSingleThreadScheduledExecutor();
    // Callbacks run on the transport thread: they only record a time and issue the next call.
    channel = Grpc.newChannelBuilderForAddress(server.substring(0, colon),
        Integer.parseInt(server.substring(colon + 1)), InsecureChannelCredentials.create()).directExecutor().build();
    try {
      System.out.printf("GetMasterAddress(%s) against %s, %ds per run after %ds warm-up%n", master, server,
          durationS, warmupS);
      System.out.printf("%-13s %8s %12s %9s %9s %9s %7s%n", "consistency", "callers", "calls/s", "p50 ms",
          "p99 ms", "max ms", "errors");
      for (Consistency c : consistencies) {
        for (int n : concurrency) {
          reads(c, n);
        }
      }
      if (watchers > 0) {
        fanOut();
      }
      return 0;
    } finally {
      finished = true;
      channel.shutdownNow();
      retries.shutdownNow();
    }
  }

  private SentinelServiceBlockingStub blocking() {
    SentinelServiceBlockingStub stub = SentinelServiceGrpc.newBlockingStub(channel);
    return password == null || password.isEmpty() ? stub : stub.withInterceptors(auth());
  }

  private SentinelServiceGrpc.SentinelServiceStub async() {
    SentinelServiceGrpc.SentinelServiceStub stub = SentinelServiceGrpc.newStub(channel);
    return password == null || password.isEmpty() ? stub : stub.withInterceptors(auth());
  }

  private io.grpc.ClientInterceptor auth() {
    Metadata h = new Metadata();
    h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + password);
    return MetadataUtils.newAttachHeadersInterceptor(h);
  }

  /**
   * {@code callers} independent call chains, each with one call in flight: a chain issues its next call
   * from the previous call's completion (on the transport thread, the channel runs callbacks directly),
   * so 128 callers cost no 128 client threads on a 2-core machine shared with the nodes.
   */
  private void reads(Consistency consistency, int callers) throws InterruptedException {
    GetMasterAddressRequest req = GetMasterAddressRequest.newBuilder().setName(master)
        .setConsistency(consistency).build();
    Latencies all = new Latencies();
    AtomicLong errors = new AtomicLong();
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupS);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(durationS);
    CountDownLatch done = new CountDownLatch(callers);
    SentinelServiceGrpc.SentinelServiceStub stub = async();
    for (int i = 0; i < callers; i++) {
      new Caller(stub, req, warmEnd, end, errors, all, done, retries).next(System.nanoTime());
    }
    if (!done.await(durationS + warmupS + 30L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("callers did not finish within 30 s of the run's end");
    }
    System.out.printf("%-13s %8d %12.0f %9.3f %9.3f %9.3f %7d%n", consistency, callers,
        all.count() / (double) durationS, all.quantileMs(0.5), all.quantileMs(0.99), all.quantileMs(1.0),
        errors.get());
  }

  /** One call chain; its calls never overlap, so its Latencies needs no locking until merged. */
  private static final class Caller implements StreamObserver<GetMasterAddressReply> {
    private final SentinelServiceGrpc.SentinelServiceStub stub;
    private final GetMasterAddressRequest req;
    private final long warmEnd;
    private final long end;
    private final AtomicLong errors;
    private final Latencies all;
    private final CountDownLatch done;
    private final ScheduledExecutorService retries;
    private final Latencies mine = new Latencies();
    private long sent;

    Caller(SentinelServiceGrpc.SentinelServiceStub stub, GetMasterAddressRequest req, long warmEnd, long end,
        AtomicLong errors, Latencies all, CountDownLatch done, ScheduledExecutorService retries) {
      this.stub = stub;
      this.req = req;
      this.warmEnd = warmEnd;
      this.end = end;
      this.errors = errors;
      this.all = all;
      this.done = done;
      this.retries = retries;
    }

    void next(long now) {
      if (now >= end) {
        all.addAll(mine);
        done.countDown();
        return;
      }
      sent = now;
      stub.withDeadlineAfter(5, TimeUnit.SECONDS).getMasterAddress(req, this);
    }

    @Override
    public void onNext(GetMasterAddressReply reply) {
      long now = System.nanoTime();
      if (sent >= warmEnd) {
        mine.add(now - sent);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (sent >= warmEnd && errors.getAndIncrement() == 0) {
        System.out.println("  first error: " + io.grpc.Status.fromThrowable(t));
      }
      // A call can fail within the issuing call's stack (channel down): retry from another stack, later.
      retries.schedule(() -> next(System.nanoTime()), 1, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onCompleted() {
      next(System.nanoTime());
    }
  }

  /** Per watcher: when each awaited failover-timeout value arrived (nanoTime). */
  private final class Watcher implements StreamObserver<Event> {
    final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

    @Override
    public void onNext(Event e) {
      long now = System.nanoTime();
      String prefix = "failover-timeout ";
      int at = e.getMessage().lastIndexOf(prefix);
      if (e.getType().equals("+set") && e.getMaster().equals(fanoutMaster) && at >= 0) {
        arrivals.putIfAbsent(Long.parseLong(e.getMessage().substring(at + prefix.length())), now);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!finished) {
        System.out.println("  watcher ended: " + io.grpc.Status.fromThrowable(t));
      }
    }

    @Override
    public void onCompleted() {
      System.out.println("  watcher completed");
    }
  }

  private void fanOut() throws InterruptedException {
    SentinelServiceBlockingStub stub = blocking().withDeadlineAfter(60, TimeUnit.SECONDS);
    stub.monitor(MonitorRequest.newBuilder().setName(fanoutMaster).setHost("127.0.0.1").setPort(1).setQuorum(100)
        .build());
    try {
      set(fanoutMaster, "down-after-milliseconds", "3600000");
      List<Watcher> ws = new ArrayList<>();
      for (int i = 0; i < watchers; i++) {
        Watcher w = new Watcher();
        async().watchEvents(WatchEventsRequest.newBuilder().setFromIndex(0).build(), w);
        ws.add(w);
      }
      long base = 1_000_000 + (System.currentTimeMillis() % 1_000_000) * 1000;
      // Streams subscribe asynchronously: an event every watcher has seen proves they all are.
      for (int attempt = 1; ; attempt++) {
        set(fanoutMaster, "failover-timeout", Long.toString(base - attempt));
        if (awaitAll(ws, base - attempt, 1)) {
          break;
        }
        if (attempt == 30) {
          throw new IllegalStateException("not every watcher subscribed within 30 attempts");
        }
      }
      Latencies first = new Latencies();
      Latencies last = new Latencies();
      Latencies commit = new Latencies();
      for (int i = 1; i <= events; i++) {
        long value = base + i;
        long t0 = System.nanoTime();
        set(fanoutMaster, "failover-timeout", Long.toString(value));
        commit.add(System.nanoTime() - t0);
        if (!awaitAll(ws, value, 30)) {
          throw new IllegalStateException("a watcher did not receive event " + value + " within 30 s");
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Watcher w : ws) {
          long at = w.arrivals.get(value);
          min = Math.min(min, at);
          max = Math.max(max, at);
        }
        first.add(min - t0);
        last.add(max - t0);
      }
      System.out.printf("%nWatchEvents fan-out: %d watchers, %d events (time from sending the write)%n", watchers,
          events);
      System.out.printf("%-26s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms");
      row("write committed (reply)", commit);
      row("first watcher received", first);
      row("last watcher received", last);
    } finally {
      blocking().withDeadlineAfter(60, TimeUnit.SECONDS)
          .remove(RemoveRequest.newBuilder().setName(fanoutMaster).build());
    }
  }

  private void set(String name, String option, String value) {
    blocking().withDeadlineAfter(60, TimeUnit.SECONDS)
        .set(SetRequest.newBuilder().setName(name).setOption(option).setValue(value).build());
  }

  private static boolean awaitAll(List<Watcher> ws, long value, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Watcher w : ws) {
      while (!w.arrivals.containsKey(value)) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(0, 200_000); // polling the arrivals map; the arrival time is taken by the watcher
      }
    }
    return true;
  }

  private static void row(String what, Latencies l) {
    System.out.printf("%-26s %9.3f %9.3f %9.3f%n", what, l.quantileMs(0.5), l.quantileMs(0.99), l.quantileMs(1.0));
  }
}
