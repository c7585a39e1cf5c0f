package io.raftsentinel.node.redis;

/**
 * What one role-change transaction ({@code MULTI … EXEC}) did. {@code configRewriteError} is "" when
 * {@code CONFIG REWRITE} succeeded; it fails harmlessly on an instance without a config file.
 * {@code roleAfter} is the instance's {@code ROLE} read on the same connection right after EXEC.
 */
public record RoleChangeResult(String replicaOfReply, String configRewriteError, long killedNormal,
    long killedPubsub, RoleReply roleAfter) {

  public boolean configRewritten() {
    return configRewriteError.isEmpty();
  }
}
