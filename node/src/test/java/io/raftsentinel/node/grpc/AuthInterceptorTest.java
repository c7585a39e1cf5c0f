package io.raftsentinel.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.raftsentinel.proto.api.ListMastersRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {

  private static SentinelServiceBlockingStub withAuth(SentinelServiceBlockingStub stub, String value) {
    Metadata h = new Metadata();
    h.put(AuthInterceptor.AUTHORIZATION, value);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
  }

  @Test
  void callsNeedTheBearerPasswordWhenOneIsSet() {
    try (GrpcTestServer server = new GrpcTestServer(new InMemoryTopology(),
        GrpcSettings.of("127.0.0.1", 0, "node-secret"))) {
      SentinelServiceBlockingStub stub = server.blocking();
      StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
          () -> stub.listMasters(ListMastersRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
      StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
          () -> withAuth(stub, "Bearer guess").listMasters(ListMastersRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
      assertEquals(0, withAuth(stub, "Bearer node-secret").listMasters(ListMastersRequest.getDefaultInstance())
          .getMastersCount());
    }
  }

  @Test
  void noPasswordMeansNoCheck() {
    try (GrpcTestServer server = new GrpcTestServer(new InMemoryTopology())) {
      assertEquals(0, server.blocking().listMasters(ListMastersRequest.getDefaultInstance()).getMastersCount());
    }
  }
}
