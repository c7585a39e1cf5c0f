package io.raftsentinel.node.failover;

import io.raftsentinel.node.config.SafeModeSettings;

/** The leader's safety checks beyond Sentinel's: the pre-promote veto and safe mode. */
public record FailoverGuards(PrePromoteCheck prePromote, SafeModeSettings safeMode) {
  public static final FailoverGuards DEFAULTS = new FailoverGuards(PrePromoteCheck.NONE, SafeModeSettings.DEFAULTS);
}
