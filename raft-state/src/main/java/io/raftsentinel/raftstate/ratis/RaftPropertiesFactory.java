package io.raftsentinel.raftstate.ratis;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** The one place where Ratis configuration keys are set (see RATIS.md for why each one). */
final class RaftPropertiesFactory {
  private RaftPropertiesFactory() {}

  static RaftProperties server(RaftMember self, File storageDir, RaftTuning t) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir));
    // Ratis derives neither the bind address nor the port from the peer address: unset, it listens on
    // every interface, though the operator named one.
    GrpcConfigKeys.Server.setHost(p, self.host());
    GrpcConfigKeys.Server.setPort(p, self.port());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(t.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(t.electionTimeoutMax().toMillis()));
    // Followers serve linearizable reads through ReadIndex.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, ms(t.readTimeout().toMillis()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, t.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 3);
    // A restarted follower is contacted again within 100 ms instead of seconds.
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10,100ms,100000");
    // Small entries; keep the log's memory modest.
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(t.logSegmentBytes()));
    // Purge up to the snapshot even when a follower is down: a returning follower installs the
    // snapshot (the state machine implements pause/reinitialize for that), and a dead node cannot
    // pin the leader's log forever.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, 64);
    return p;
  }

  static RaftProperties client(RaftTuning t) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(t.requestTimeout().toMillis()));
    return p;
  }

  /**
   * Ratis's non-property settings: with {@code tls}, one mutual-TLS config that the gRPC factory
   * uses for the server, client and admin channels alike (each falls back to {@code GrpcConfigKeys.TLS}).
   * Null {@code tls} means plaintext.
   */
  static Parameters parameters(RaftTls tls) {
    Parameters p = new Parameters();
    if (tls != null) {
      GrpcConfigKeys.TLS.setConf(p, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true));
    }
    return p;
  }

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }
}
