package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitoredMasterTest {
  private static final InstanceAddress ADDRESS = new InstanceAddress("127.0.0.1", 6379);

  private static MonitoredMaster downAfter(long ms) {
    return MonitoredMaster.of("m", ADDRESS, Duration.ofMillis(ms));
  }

  @Test
  void mastersArePingedEveryTenthOfDownAfterReplicasAtSentinelsPeriod() {
    assertEquals(Duration.ofMillis(100), downAfter(1000).effectivePingPeriod());
    assertEquals(Duration.ofMillis(1000), downAfter(1000).replicaPingPeriod());
    assertEquals(Duration.ofMillis(100), downAfter(500).effectivePingPeriod(), "never below 100 ms");
    assertEquals(Duration.ofMillis(500), downAfter(500).replicaPingPeriod(), "down-after when shorter than 1 s");
    assertEquals(Duration.ofMillis(1000), downAfter(5000).replicaPingPeriod());
    assertEquals(Duration.ofMillis(3000), downAfter(30_000).effectivePingPeriod());
    assertEquals(Duration.ofMillis(3000), downAfter(30_000).replicaPingPeriod(), "never more often than the master");
  }

  @Test
  void anExplicitPeriodBoundsTheReplicasFromBelow() {
    assertEquals(Duration.ofMillis(2000), downAfter(1000).withPingPeriod(Duration.ofMillis(2000)).replicaPingPeriod());
    assertEquals(Duration.ofMillis(1000), downAfter(5000).withPingPeriod(Duration.ofMillis(50)).replicaPingPeriod());
  }
}
