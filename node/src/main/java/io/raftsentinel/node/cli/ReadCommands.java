package io.raftsentinel.node.cli;

import io.raftsentinel.node.cli.SentinelClient.Kind;
import io.raftsentinel.proto.api.GetClusterStatusReply;
import io.raftsentinel.proto.api.GetClusterStatusRequest;
import io.raftsentinel.proto.api.GetMasterReply;
import io.raftsentinel.proto.api.GetMasterRequest;
import io.raftsentinel.proto.api.HistoryReply;
import io.raftsentinel.proto.api.HistoryRequest;
import io.raftsentinel.proto.api.ListMastersReply;
import io.raftsentinel.proto.api.ListMastersRequest;
import io.raftsentinel.proto.api.ListNodesReply;
import io.raftsentinel.proto.api.ListNodesRequest;
import io.raftsentinel.proto.api.ListReplicasReply;
import io.raftsentinel.proto.api.ListReplicasRequest;
import io.raftsentinel.proto.api.NodeInfo;
import io.raftsentinel.proto.api.PeerStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The read subcommands: status, masters, master, replicas, nodes, history. */
final class ReadCommands {
  private ReadCommands() {}

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The Raft group as the answering node sees it: leader, term, indexes, peers.")
  static final class Status extends ClientCommand {
    @Override
    int run(SentinelClient client, PrintWriter out) {
      GetClusterStatusReply s = client.call(Kind.READ,
          stub -> stub.getClusterStatus(GetClusterStatusRequest.getDefaultInstance())).value();
      if (options.json) {
        Map<String, Object> json = ProtoJson.toMap(s);
        json.put("leader", s.getLeader().isEmpty() ? null : s.getLeader());
        printJson(out, json);
        return 0;
      }
      List<String[]> kv = new ArrayList<>();
      kv.add(new String[] {"node", s.getNodeId()});
      kv.add(new String[] {"role", s.getRole()});
      kv.add(new String[] {"leader", s.getLeader().isEmpty() ? "none" : s.getLeader()});
      kv.add(new String[] {"term", Long.toString(s.getTerm())});
      kv.add(new String[] {"commit-index", Long.toString(s.getCommitIndex())});
      kv.add(new String[] {"applied-index", Long.toString(s.getAppliedIndex())});
      kv.add(new String[] {"safe-mode", s.getSafeModeSinceMs() == 0 ? "off"
          : "on since log time " + s.getSafeModeSinceMs() + " (" + s.getSafeModeDown() + "/" + s.getSafeModeTotal()
              + " masters down)"});
      Table.keyValues(out, kv);
      out.println();
      Table t = new Table("ID", "ADDRESS", "ROLE", "LAST-CONTACT-MS", "IN-CONF");
      for (PeerStatus p : s.getPeersList()) {
        t.row(p.getId(), p.getAddress(), p.getRole(), p.getLastContactMs() < 0 ? "-" : p.getLastContactMs(),
            p.getInConfiguration() ? "yes" : "no");
      }
      t.print(out);
      return 0;
    }
  }

  @Command(name = "masters", mixinStandardHelpOptions = true, description = "Every monitored master.")
  static final class Masters extends ClientCommand {
    @Override
    int run(SentinelClient client, PrintWriter out) {
      ListMastersReply r = client.call(Kind.READ, stub -> stub.listMasters(
          ListMastersRequest.newBuilder().setConsistency(options.consistency.proto).build())).value();
      if (options.json) {
        printJson(out, r);
      } else {
        Render.masters(out, r.getMastersList());
      }
      return 0;
    }
  }

  @Command(name = "master", mixinStandardHelpOptions = true,
      description = "One master's full state: flags, epoch, settings, replicas, failover in progress.")
  static final class Master extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The master's name.")
    String name;

    @Override
    int run(SentinelClient client, PrintWriter out) {
      GetMasterReply r = client.call(Kind.READ, stub -> stub.getMaster(GetMasterRequest.newBuilder()
          .setName(name).setConsistency(options.consistency.proto).build())).value();
      if (options.json) {
        printJson(out, r);
      } else {
        Render.master(out, r.getMaster());
      }
      return 0;
    }
  }

  @Command(name = "replicas", mixinStandardHelpOptions = true, description = "A master's replicas.")
  static final class Replicas extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The master's name.")
    String name;

    @Override
    int run(SentinelClient client, PrintWriter out) {
      ListReplicasReply r = client.call(Kind.READ, stub -> stub.listReplicas(ListReplicasRequest.newBuilder()
          .setName(name).setConsistency(options.consistency.proto).build())).value();
      if (options.json) {
        printJson(out, r);
      } else {
        Render.replicas(out, r.getReplicasList());
      }
      return 0;
    }
  }

  @Command(name = "nodes", mixinStandardHelpOptions = true,
      description = "The sentinel nodes of the group as they announced themselves.")
  static final class Nodes extends ClientCommand {
    @Override
    int run(SentinelClient client, PrintWriter out) {
      ListNodesReply r = client.call(Kind.READ, stub -> stub.listNodes(
          ListNodesRequest.newBuilder().setConsistency(options.consistency.proto).build())).value();
      if (options.json) {
        printJson(out, r);
        return 0;
      }
      Table t = new Table("ID", "HOST", "RESP-PORT", "GRPC-PORT", "RUN-ID");
      for (NodeInfo n : r.getNodesList()) {
        t.row(n.getId(), n.getHost(), n.getRespPort(), n.getGrpcPort(), n.getRunId());
      }
      t.print(out);
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "The last finished failover attempts (at most 20 per master), oldest first.")
  static final class History extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The master; every master without it.")
    String name = "";

    @Override
    int run(SentinelClient client, PrintWriter out) {
      HistoryReply r = client.call(Kind.READ, stub -> stub.history(HistoryRequest.newBuilder().setName(name)
          .setConsistency(options.consistency.proto).build())).value();
      if (options.json) {
        printJson(out, r);
      } else {
        Render.history(out, r.getEntriesList());
      }
      return 0;
    }
  }
}
