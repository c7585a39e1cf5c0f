package io.raftsentinel.it.reliability;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * What one Redis answered to {@code ROLE} at a moment.
 *
 * @param instance "host:port"
 * @param atMs send time on {@link Millis}
 * @param role {@code master}, {@code slave}, or {@code none} when it did not answer
 */
public record RoleSample(String instance, long atMs, String role) {
  public boolean master() {
    return role.equals("master");
  }

  static Sampler.Probe<RoleSample> probe(String instance) {
    return (Jedis j, Long at) -> {
      if (j == null) {
        return new RoleSample(instance, at, "none");
      }
      List<Object> reply = j.role();
      return new RoleSample(instance, at, RespProbe.text(reply.get(0)));
    };
  }
}
