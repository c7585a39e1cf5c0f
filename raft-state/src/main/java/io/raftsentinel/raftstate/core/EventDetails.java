package io.raftsentinel.raftstate.core;

/** Sentinel's instance-details payloads, the part of events clients parse. */
public final class EventDetails {
  private EventDetails() {}

  /** {@code master <name> <ip> <port>} */
  public static String master(String name, InstanceAddress address) {
    return "master " + name + " " + address.host() + " " + address.port();
  }

  /** {@code slave <ip:port> <ip> <port> @ <master-name> <master-ip> <master-port>} */
  public static String replica(InstanceAddress replica, String masterName, InstanceAddress masterAddress) {
    return "slave " + replica.name() + " " + replica.host() + " " + replica.port() + " @ " + masterName + " "
        + masterAddress.host() + " " + masterAddress.port();
  }

  /** {@code sentinel <runid> <ip> <port> @ <master-name> <master-ip> <master-port>} */
  public static String sentinel(NodeRecord node, String masterName, InstanceAddress masterAddress) {
    return "sentinel " + node.runId() + " " + node.host() + " " + node.respPort() + " @ " + masterName + " "
        + masterAddress.host() + " " + masterAddress.port();
  }

  /** The details of any instance of a master group: the master itself or one of its replicas. */
  public static String instance(MasterRecord m, InstanceAddress instance) {
    return instance.equals(m.address()) ? master(m.name(), m.address()) : replica(instance, m.name(), m.address());
  }
}
