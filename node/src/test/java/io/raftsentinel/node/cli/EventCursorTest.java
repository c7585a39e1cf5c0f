package io.raftsentinel.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.api.Event;
import org.junit.jupiter.api.Test;

class EventCursorTest {
  private static Event at(long index, String type) {
    return Event.newBuilder().setIndex(index).setType(type).build();
  }

  @Test
  void resumesAtTheLastIndexAndSkipsWhatWasAlreadyPrintedThere() {
    EventCursor c = new EventCursor(5);
    assertEquals(5, c.reconnect());
    assertTrue(c.accept(at(5, "+a")));
    assertTrue(c.accept(at(7, "+new-epoch")));
    assertTrue(c.accept(at(7, "+try-failover")));
    // stream broke in the middle of index 7
    assertEquals(7, c.reconnect());
    assertFalse(c.accept(at(7, "+new-epoch")));
    assertFalse(c.accept(at(7, "+try-failover")));
    assertTrue(c.accept(at(7, "+elected-leader")));
    assertTrue(c.accept(at(8, "+set")));
    assertFalse(c.accept(at(6, "+old")));
  }

  @Test
  void fromNowStaysFromNowUntilSomethingArrivesAndLocalEventsAlwaysPass() {
    EventCursor c = new EventCursor(0);
    assertEquals(0, c.reconnect());
    assertTrue(c.accept(at(0, "+convert-to-slave")));
    assertEquals(0, c.reconnect());
    assertTrue(c.accept(at(3, "+set")));
    assertEquals(3, c.reconnect());
  }
}
