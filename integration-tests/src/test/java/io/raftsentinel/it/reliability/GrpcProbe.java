package io.raftsentinel.it.reliability;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftsentinel.proto.api.GetClusterStatusReply;
import io.raftsentinel.proto.api.GetClusterStatusRequest;
import io.raftsentinel.proto.api.GetMasterAddressReply;
import io.raftsentinel.proto.api.GetMasterAddressRequest;
import io.raftsentinel.proto.api.ListNodesRequest;
import io.raftsentinel.proto.api.PeerStatus;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads nodes over their gRPC API as a client would, one cached plaintext channel per port; every
 * call has a deadline. Thread-safe.
 */
public final class GrpcProbe implements AutoCloseable {
  private static final long DEADLINE_MS = 3_000;
  private final Map<Integer, ManagedChannel> channels = new ConcurrentHashMap<>();

  private SentinelServiceGrpc.SentinelServiceBlockingStub stub(NodeProcess n) {
    ManagedChannel ch = channels.computeIfAbsent(n.grpcPort(),
        p -> ManagedChannelBuilder.forAddress("127.0.0.1", p).usePlaintext().build());
    return SentinelServiceGrpc.newBlockingStub(ch).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one call; when the node is unreachable the channel is dropped, so the next call connects at
   * once instead of waiting out gRPC's reconnect back-off (which grows to tens of seconds while a
   * killed node restarts).
   */
  private <T> T call(NodeProcess n, Function<SentinelServiceGrpc.SentinelServiceBlockingStub, T> rpc) {
    try {
      return rpc.apply(stub(n));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        ManagedChannel dropped = channels.remove(n.grpcPort());
        if (dropped != null) {
          dropped.shutdownNow();
        }
      }
      throw e;
    }
  }

  /** {@code GetMasterAddress} (local read): "host:port". */
  public String masterAddress(NodeProcess n, String master) {
    GetMasterAddressReply r = call(n, st -> st.getMasterAddress(GetMasterAddressRequest.newBuilder().setName(master).build()));
    return r.getAddress().getHost() + ":" + r.getAddress().getPort();
  }

  public GetClusterStatusReply status(NodeProcess n) {
    return call(n, st -> st.getClusterStatus(GetClusterStatusRequest.getDefaultInstance()));
  }

  /** The ids in the Raft configuration this node has. */
  public Set<String> members(NodeProcess n) {
    Set<String> ids = new TreeSet<>();
    for (PeerStatus p : status(n).getPeersList()) {
      if (p.getInConfiguration()) {
        ids.add(p.getId());
      }
    }
    return ids;
  }

  /** The node ids in the replicated {@code nodes} table (ListNodes, local read). */
  public Set<String> nodes(NodeProcess n) {
    Set<String> ids = new TreeSet<>();
    call(n, st -> st.listNodes(ListNodesRequest.getDefaultInstance())).getNodesList().forEach(x -> ids.add(x.getId()));
    return ids;
  }

  /** Ms since the leader last heard from {@code peer}, as {@code leader} reports it (-1 when unknown). */
  public long lastContactMs(NodeProcess leader, String peer) {
    return status(leader).getPeersList().stream().filter(p -> p.getId().equals(peer))
        .mapToLong(PeerStatus::getLastContactMs).findFirst().orElse(-1L);
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel ch : channels.values()) {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
