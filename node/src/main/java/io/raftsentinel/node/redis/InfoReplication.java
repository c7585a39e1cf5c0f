package io.raftsentinel.node.redis;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.List;

/**
 * The replication facts of one {@code INFO} reply. Absent fields take neutral values: "" for text,
 * 0 for offsets and ports, {@link #DEFAULT_PRIORITY} for the priority, {@code true} for announced,
 * {@code -1} for {@code masterLinkDownSinceSeconds} (absent while the link is up; Redis also says -1
 * when the link never came up).
 *
 * @param runId {@code run_id} from the server section, "" when only the replication section was given
 * @param role {@code master} or {@code slave}
 * @param replicas the {@code slaveN:} lines of a master, in N order
 */
public record InfoReplication(
    String runId,
    String role,
    String masterHost,
    int masterPort,
    String masterLinkStatus,
    long masterLinkDownSinceSeconds,
    long slaveReplOffset,
    long masterReplOffset,
    int priority,
    boolean replicaAnnounced,
    List<ConnectedReplica> replicas) {

  public static final int DEFAULT_PRIORITY = 100;

  public InfoReplication {
    replicas = List.copyOf(replicas);
  }

  /** One {@code slaveN:ip=…,port=…,state=…,offset=…,lag=…} line of a master's INFO. */
  public record ConnectedReplica(InstanceAddress address, String state, long offset, long lag) {}

  public boolean isMaster() {
    return "master".equals(role);
  }

  public boolean isReplica() {
    return "slave".equals(role);
  }

  public boolean masterLinkUp() {
    return "up".equals(masterLinkStatus);
  }

  /** The replication offset that orders failover candidates: the replica's, or the master's own. */
  public long replOffset() {
    return isReplica() ? slaveReplOffset : masterReplOffset;
  }

  /** ms the replica's link has been down as Sentinel counts it: 0 when up or never reported. */
  public long masterLinkDownMs() {
    return masterLinkUp() || masterLinkDownSinceSeconds < 0 ? 0 : masterLinkDownSinceSeconds * 1000;
  }
}
