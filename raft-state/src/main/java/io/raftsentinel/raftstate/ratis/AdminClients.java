package io.raftsentinel.raftstate.ratis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/** Short-lived Ratis clients for administrative calls, each bounded by a request timeout. */
final class AdminClients {
  private AdminClients() {}

  /** One request at most {@code timeout}, never retried: for probes, where a retry only hides the answer. */
  static RaftClient once(RaftGroup group, RaftTuning tuning, RaftTls tls, Duration timeout) {
    return open(group, tuning, tls, timeout, RetryPolicies.noRetry());
  }

  static RaftClient open(RaftGroup group, RaftTuning tuning, RaftTls tls, Duration timeout, RetryPolicy retry) {
    RaftProperties props = RaftPropertiesFactory.client(tuning);
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(timeout.toMillis(), TimeUnit.MILLISECONDS));
    return RaftClient.newBuilder()
        .setRaftGroup(group)
        .setProperties(props)
        .setParameters(RaftPropertiesFactory.parameters(tls))
        .setRetryPolicy(retry)
        .build();
  }
}
