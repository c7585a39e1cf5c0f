package io.raftsentinel.node.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real gRPC server on a free loopback port over an {@link InMemoryTopology}, with client channels. */
public final class GrpcTestServer implements AutoCloseable {
  private final InMemoryTopology topology;
  private final GrpcServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  public GrpcTestServer(InMemoryTopology topology, GrpcSettings settings) {
    this.topology = topology;
    this.server = GrpcServer.start(settings, topology, topology);
  }

  public GrpcTestServer(InMemoryTopology topology) {
    this(topology, settings());
  }

  public static GrpcSettings settings() {
    return GrpcSettings.of("127.0.0.1", 0, "").withReadTimeout(Duration.ofSeconds(2));
  }

  public InMemoryTopology topology() {
    return topology;
  }

  public GrpcServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  public synchronized ManagedChannel channel() {
    ManagedChannel c = Grpc.newChannelBuilderForAddress("127.0.0.1", port(), InsecureChannelCredentials.create())
        .build();
    channels.add(c);
    return c;
  }

  /** A channel whose receive window is small, so a client that stops reading pushes back quickly. */
  public synchronized ManagedChannel smallWindowChannel(int windowBytes) {
    ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext()
        .flowControlWindow(windowBytes).build();
    channels.add(c);
    return c;
  }

  public SentinelServiceGrpc.SentinelServiceBlockingStub blocking() {
    return SentinelServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public SentinelServiceGrpc.SentinelServiceStub async() {
    return SentinelServiceGrpc.newStub(channel());
  }

  @Override
  public synchronized void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
  }
}
