package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.ResultCode;
import java.util.List;

/** The outcome of applying one command: the next state, a reply, and the events it produced. */
public record ApplyResult(TopologyState state, ResultCode code, String message, List<SentinelEvent> events, int count) {

  public ApplyResult {
    events = List.copyOf(events);
  }

  public boolean ok() {
    return code == ResultCode.OK;
  }

  static ApplyResult rejected(TopologyState unchanged, ResultCode code, String message) {
    return new ApplyResult(unchanged, code, message, List.of(), 0);
  }
}
