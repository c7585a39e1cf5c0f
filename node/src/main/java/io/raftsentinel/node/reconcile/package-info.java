/**
 * Level-triggered convergence of Redis to the committed topology (leader only): a returning old
 * master or any stray master becomes a replica of the committed master, replicas following the
 * wrong master are pointed back.
 */
package io.raftsentinel.node.reconcile;
