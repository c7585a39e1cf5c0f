package io.raftsentinel.raftstate.ratis;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;

/** One Raft server of the group, hosting the topology state machine. */
public final class TopologyRaftServer implements AutoCloseable {
  private final RaftMember self;
  private final RaftGroup group;
  private final TopologyStateMachine stateMachine;
  private final RaftServer server;

  private TopologyRaftServer(RaftMember self, RaftGroup group, TopologyStateMachine sm, RaftServer server) {
    this.self = self;
    this.group = group;
    this.stateMachine = sm;
    this.server = server;
  }

  /**
   * Builds and starts the server. Storage is formatted on first start and recovered afterwards
   * (RECOVER formats an empty single directory).
   */
  public static TopologyRaftServer start(RaftMember self, List<RaftMember> members, File storageDir, RaftTuning tuning,
      StateMachineListener listener) throws IOException {
    return start(self, members, storageDir, tuning, listener, null);
  }

  /**
   * As {@link #start(RaftMember, List, File, RaftTuning, StateMachineListener)}, with mutual TLS on
   * every Raft connection when {@code tls} is not null.
   */
  public static TopologyRaftServer start(RaftMember self, List<RaftMember> members, File storageDir, RaftTuning tuning,
      StateMachineListener listener, RaftTls tls) throws IOException {
    return start(self, members, storageDir, tuning, listener, tls, false);
  }

  /**
   * As above; with {@code join} the server starts with the group id but no members (Ratis's way for a
   * server that is to be added): it stays passive, neither voting nor campaigning, until a leader adds
   * it with a configuration change. {@code members} is then only this node's list of whom to ask. A
   * server that already has storage recovers its configuration from its log either way.
   */
  public static TopologyRaftServer start(RaftMember self, List<RaftMember> members, File storageDir, RaftTuning tuning,
      StateMachineListener listener, RaftTls tls, boolean join) throws IOException {
    RaftGroup group = join ? RaftGroup.valueOf(RaftGroups.GROUP_ID) : RaftGroups.group(members);
    TopologyStateMachine sm = new TopologyStateMachine(tuning.eventLogCapacity());
    if (listener != null) {
      sm.addListener(listener);
    }
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(self.id()))
        .setGroup(group)
        .setStateMachine(sm)
        .setProperties(RaftPropertiesFactory.server(self, storageDir, tuning))
        .setParameters(RaftPropertiesFactory.parameters(tls))
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    server.start();
    return new TopologyRaftServer(self, group, sm, server);
  }

  public RaftMember self() {
    return self;
  }

  public RaftGroup group() {
    return group;
  }

  public TopologyStateMachine stateMachine() {
    return stateMachine;
  }

  public RaftServer.Division division() throws IOException {
    return server.getDivision(group.getGroupId());
  }

  /** Null when the division is not available (closing). */
  public DivisionInfo info() {
    try {
      return division().getInfo();
    } catch (IOException e) {
      return null;
    }
  }

  public boolean isLeaderReady() {
    DivisionInfo i = info();
    return i != null && i.isLeader() && i.isLeaderReady();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
