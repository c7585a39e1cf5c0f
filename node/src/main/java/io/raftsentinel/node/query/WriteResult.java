package io.raftsentinel.node.query;

import io.raftsentinel.proto.state.ResultCode;

/**
 * The committed outcome of a write: the state machine's result code and reason, the log index it
 * was committed at, and the group's current epoch after it.
 */
public record WriteResult(ResultCode code, String message, long index, long epoch, int count) {

  public boolean ok() {
    return code == ResultCode.OK;
  }
}
