/**
 * Sentinel's {@code notification-script} and {@code client-reconfig-script}: the leader runs them for
 * committed events, off the apply and failover threads, each with a time-out.
 */
package io.raftsentinel.node.scripts;
