package io.raftsentinel.node.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.WriteResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every outcome that is not a reply into a gRPC status with a message, so a caller never sees
 * a bare UNKNOWN. Each status carries the answering node's id in the {@value #NODE_TRAILER} trailer:
 * a client can tell "this node answered with an error" from "could not reach the node".
 */
final class GrpcErrors {
  static final String NODE_TRAILER = "raft-sentinel-node";
  static final Metadata.Key<String> NODE_KEY = Metadata.Key.of(NODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private final String nodeId;

  GrpcErrors(String nodeId) {
    this.nodeId = nodeId;
  }

  /** A bad request field: INVALID_ARGUMENT naming the field. */
  StatusRuntimeException invalid(String field, String problem) {
    return status(Status.INVALID_ARGUMENT.withDescription(field + ": " + problem));
  }

  StatusRuntimeException notFound(String master) {
    return status(Status.NOT_FOUND.withDescription("no such master '" + master + "'"));
  }

  StatusRuntimeException status(Status s) {
    Metadata trailers = new Metadata();
    trailers.put(NODE_KEY, nodeId);
    return s.asRuntimeException(trailers);
  }

  /** The state machine rejected a write: map its result code. */
  StatusRuntimeException rejected(WriteResult r, String master) {
    String msg = r.message() == null || r.message().isEmpty() ? r.code().name() : r.message();
    return switch (r.code()) {
      case UNKNOWN_MASTER -> notFound(master);
      case DUPLICATE_MASTER -> invalid("name", "a master named '" + master + "' already exists (" + msg + ")");
      case INVALID_ARGUMENT -> status(Status.INVALID_ARGUMENT.withDescription(msg));
      default -> status(Status.FAILED_PRECONDITION.withDescription(r.code().name() + ": " + msg));
    };
  }

  /**
   * A failed read or write future or a thrown exception.
   *
   * @param deadlineExpired whether the caller's gRPC deadline had passed when it failed
   * @param what what was being done, for the message ("linearizable read", "write")
   * @param timeoutIsUnavailable whether our own time-out means "no quorum" (reads) rather than
   *     "outcome unknown" (writes, which may still commit)
   */
  StatusRuntimeException failure(Throwable t, boolean deadlineExpired, String what, boolean timeoutIsUnavailable) {
    Throwable e = unwrap(t);
    if (e instanceof StatusRuntimeException sre) {
      return sre.getTrailers() != null && sre.getTrailers().containsKey(NODE_KEY) ? sre : status(sre.getStatus());
    }
    if (e instanceof StatusException se) {
      return status(se.getStatus());
    }
    if (deadlineExpired) {
      return status(Status.DEADLINE_EXCEEDED.withDescription(what + " did not finish before the call's deadline"));
    }
    if (e instanceof NoQuorumException) {
      return status(Status.UNAVAILABLE.withDescription(what + " failed, no Raft quorum: " + e.getMessage()));
    }
    if (e instanceof TimeoutException) {
      return timeoutIsUnavailable
          ? status(Status.UNAVAILABLE.withDescription(what + " timed out waiting for a Raft quorum"))
          : status(Status.DEADLINE_EXCEEDED.withDescription(what + " timed out; it may still be committed"));
    }
    if (e instanceof IllegalArgumentException) {
      return status(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    LOG.error("Unexpected failure in {}", what, e);
    return status(Status.INTERNAL.withDescription(what + " failed: " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
