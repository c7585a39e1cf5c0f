package io.raftsentinel.node.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import io.raftsentinel.node.tls.TlsMaterial;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls a group through the first server that answers. A server that cannot be reached (refused,
 * unreachable, or a read that times out) is skipped for the next; an answer from a node, error or
 * not, is final, except a read refused as UNAVAILABLE (no quorum, node catching up), which is asked
 * of the next server. A write is retried on the next server only when the first could not be reached:
 * it may otherwise already be committed.
 */
final class SentinelClient implements AutoCloseable {
  /** The trailer a node puts on every error it produces (see node.grpc.GrpcErrors). */
  static final Metadata.Key<String> NODE_KEY = Metadata.Key.of("raft-sentinel-node", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** Whether repeating the call on another node is harmless. */
  enum Kind { READ, WRITE }

  /** An answer and the server that gave it. */
  record Answer<T>(T value, HostPort server) {}

  private final List<HostPort> servers;
  private final Duration timeout;
  private final String password;
  private final Map<HostPort, ManagedChannel> channels = new LinkedHashMap<>();
  private final ChannelCredentials credentials;

  SentinelClient(List<HostPort> servers, Duration timeout, String password) {
    this(servers, timeout, password, null);
  }

  /** With {@code tls} not null, every channel uses mutual TLS with that identity. */
  SentinelClient(List<HostPort> servers, Duration timeout, String password, TlsMaterial tls) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
    this.password = password == null ? "" : password;
    this.credentials = tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
  }

  List<HostPort> servers() {
    return servers;
  }

  <T> Answer<T> call(Kind kind, Function<SentinelServiceBlockingStub, T> rpc) {
    List<String> unreachable = new ArrayList<>();
    for (HostPort server : servers) {
      try {
        return new Answer<>(rpc.apply(stub(server).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)),
            server);
      } catch (StatusRuntimeException e) {
        if (!tryNext(kind, e)) {
          throw failure(e, server);
        }
        unreachable.add(server + " (" + describe(e) + ")");
      }
    }
    throw new CliException("no server answered: " + String.join(", ", unreachable));
  }

  /** A stub without a deadline, for streams. */
  SentinelServiceBlockingStub stub(HostPort server) {
    SentinelServiceBlockingStub stub = SentinelServiceGrpc.newBlockingStub(channel(server));
    if (!password.isEmpty()) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + password);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return stub;
  }

  /** {@code error: <what> (<CODE> from <server>)}, without the "error: " prefix. */
  static CliException failure(StatusRuntimeException e, HostPort server) {
    String desc = e.getStatus().getDescription();
    return new CliException((desc == null || desc.isEmpty() ? "request failed" : desc) + " ("
        + e.getStatus().getCode() + " from " + server + ")", e);
  }

  static String describe(StatusRuntimeException e) {
    String desc = e.getStatus().getDescription();
    return e.getStatus().getCode() + (desc == null ? "" : ": " + desc);
  }

  /** Whether the error came from the transport rather than from a node's answer. */
  static boolean unreachable(StatusRuntimeException e) {
    boolean fromNode = e.getTrailers() != null && e.getTrailers().containsKey(NODE_KEY);
    Status.Code code = e.getStatus().getCode();
    return !fromNode && (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED);
  }

  private static boolean tryNext(Kind kind, StatusRuntimeException e) {
    if (kind == Kind.WRITE) {
      // A write that timed out may still commit: only "never reached the node" is safe to repeat.
      return unreachable(e) && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
    return unreachable(e) || e.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  private synchronized ManagedChannel channel(HostPort server) {
    return channels.computeIfAbsent(server, s ->
        Grpc.newChannelBuilderForAddress(s.host(), s.port(), credentials).build());
  }

  /** Drops a server's channel so the next call connects afresh (after the stream on it broke). */
  synchronized void reset(HostPort server) {
    ManagedChannel c = channels.remove(server);
    if (c != null) {
      c.shutdownNow();
    }
  }

  @Override
  public synchronized void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
