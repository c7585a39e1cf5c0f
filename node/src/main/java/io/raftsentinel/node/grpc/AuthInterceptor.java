package io.raftsentinel.node.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code authorization: Bearer <password>} on every call when the node has a
 * {@code requirepass}; otherwise the call ends with UNAUTHENTICATED before reaching the service.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final byte[] expected;

  AuthInterceptor(String password) {
    this.expected = password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String value = headers.get(AUTHORIZATION);
    if (value == null || !value.startsWith(BEARER)) {
      return reject(call, "missing 'authorization: Bearer <password>' metadata");
    }
    byte[] given = value.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
    // Constant-time: the comparison must not leak how much of the password matched.
    if (!MessageDigest.isEqual(expected, given)) {
      return reject(call, "invalid password");
    }
    return next.startCall(call, headers);
  }

  private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, String why) {
    call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
