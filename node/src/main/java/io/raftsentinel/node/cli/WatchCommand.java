package io.raftsentinel.node.cli;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.WatchEventsRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tails the event stream like a Sentinel log. When a stream breaks it resumes on the next server from
 * where it stopped, backing off once every server has failed in a row.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Print events as they are committed: <time> <index> <type> <message>. Reconnects by itself.")
final class WatchCommand extends ClientCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final Set<Status.Code> FATAL = Set.of(Status.Code.OUT_OF_RANGE, Status.Code.INVALID_ARGUMENT,
      Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED, Status.Code.UNIMPLEMENTED);
  private static final long MAX_BACKOFF_MS = 5_000;

  @Option(names = "--from", paramLabel = "INDEX", defaultValue = "0",
      description = "First log index to print (replayed from the node's history); 0 = from now.")
  long from;

  @Option(names = "--max-events", paramLabel = "N", defaultValue = "0",
      description = "Exit after N events (default: run until interrupted).")
  long maxEvents;

  @Override
  int run(SentinelClient client, PrintWriter out) {
    if (from < 0) {
      throw new CliException("--from must be 0 or a log index, got " + from);
    }
    EventCursor cursor = new EventCursor(from);
    List<HostPort> servers = client.servers();
    long printed = 0;
    long backoffMs = 100;
    int failuresInRow = 0;
    for (int attempt = 0; ; attempt++) {
      HostPort server = servers.get(attempt % servers.size());
      long before = printed;
      try (Context.CancellableContext ctx = Context.current().withCancellation()) {
        Context previous = ctx.attach();
        try {
          WatchEventsRequest req = WatchEventsRequest.newBuilder().setFromIndex(cursor.reconnect()).build();
          Iterator<Event> events = client.stub(server).watchEvents(req);
          while (events.hasNext()) {
            Event e = events.next();
            if (cursor.accept(e)) {
              print(out, e);
              printed++;
              if (maxEvents > 0 && printed >= maxEvents) {
                return 0; // closing the context cancels the stream
              }
            }
          }
          note(server + " ended the stream; reconnecting");
        } finally {
          ctx.detach(previous);
        }
      } catch (StatusRuntimeException e) {
        if (FATAL.contains(e.getStatus().getCode())) {
          throw SentinelClient.failure(e, server);
        }
        note("lost " + server + " (" + SentinelClient.describe(e) + "); resuming from index "
            + Math.max(cursor.lastIndex(), from));
        client.reset(server);
      }
      if (printed > before) {
        failuresInRow = 0;
        backoffMs = 100;
      } else if (++failuresInRow >= servers.size()) {
        failuresInRow = 0;
        pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private void print(PrintWriter out, Event e) {
    if (options.json) {
      printJson(out, e);
    } else {
      out.println(TIME.format(Instant.ofEpochMilli(e.getTimeMs())) + " " + e.getIndex() + " " + e.getType() + " "
          + e.getMessage());
      out.flush();
    }
  }

  private void note(String line) {
    err().println("watch: " + line);
    err().flush();
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms); // back-off between rounds of reconnects, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
  }
}
