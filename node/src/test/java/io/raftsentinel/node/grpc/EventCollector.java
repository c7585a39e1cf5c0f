package io.raftsentinel.node.grpc;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.WatchEventsRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A watch stream's client side: collects events and the final status; optionally reads nothing. */
public final class EventCollector implements ClientResponseObserver<WatchEventsRequest, Event> {
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final boolean stalled;
  private volatile ClientCallStreamObserver<WatchEventsRequest> call;
  private volatile Status status;

  /** @param stalled when true the client asks for one message only until {@link #resume()} */
  public EventCollector(boolean stalled) {
    this.stalled = stalled;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> requestStream) {
    call = requestStream;
    if (stalled) {
      requestStream.disableAutoRequestWithInitial(1);
    }
  }

  public void resume() {
    call.request(Integer.MAX_VALUE);
  }

  public void cancel() {
    call.cancel("test done", null);
  }

  @Override
  public void onNext(Event e) {
    events.add(e);
  }

  @Override
  public void onError(Throwable t) {
    status = Status.fromThrowable(t);
  }

  @Override
  public void onCompleted() {
    status = Status.OK;
  }

  public List<Event> events() {
    return events;
  }

  public Status status() {
    return status;
  }
}
