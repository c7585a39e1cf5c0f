package io.raftsentinel.it.reliability;

import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * What one node answered to {@code SENTINEL master NAME}; unreachable nodes give no sample.
 *
 * @param node the node id
 * @param atMs send time on {@link Millis}
 * @param address the master's "ip:port" on that node
 * @param configEpoch its config-epoch
 * @param flags its flags, e.g. {@code master,s_down,o_down}
 */
public record EpochSample(String node, long atMs, String address, long configEpoch, String flags) {
  static Sampler.Probe<EpochSample> probe(String node, String master) {
    return (Jedis j, Long at) -> {
      if (j == null) {
        return null;
      }
      Map<String, String> m = j.sentinelMaster(master);
      return new EpochSample(node, at, m.get("ip") + ":" + m.get("port"), Long.parseLong(m.get("config-epoch")),
          m.get("flags"));
    };
  }
}
