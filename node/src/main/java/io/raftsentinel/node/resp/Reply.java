package io.raftsentinel.node.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reply as a value, encoded by {@link RespEncoder} in the connection's protocol version. The
 * RESP3-only shapes ({@link MapReply}, {@link Push}, nulls) degrade to their RESP2 forms there.
 */
sealed interface Reply {

  Reply OK = new Simple("OK");
  Reply NULL_BULK = new NullBulk();
  Reply NULL_ARRAY = new NullArray();
  Reply EMPTY_ARRAY = new Array(List.of());

  /** {@code +text} */
  record Simple(String text) implements Reply {}

  /** {@code -PREFIX text}; CR and LF are replaced by spaces as Redis does. */
  record Error(String text) implements Reply {
    public Error {
      text = text.replace('\r', ' ').replace('\n', ' ');
    }
  }

  /** {@code :n} */
  record Int(long value) implements Reply {}

  /** {@code $len data} */
  record Bulk(byte[] data) implements Reply {}

  /** {@code $-1} (RESP3 {@code _}) */
  record NullBulk() implements Reply {}

  /** {@code *-1} (RESP3 {@code _}) */
  record NullArray() implements Reply {}

  record Array(List<Reply> items) implements Reply {}

  /** A map in RESP3 ({@code %}); a flat key/value array in RESP2. */
  record MapReply(List<Reply> keysAndValues) implements Reply {}

  /** A Pub/Sub message: a push in RESP3 ({@code >}), an array in RESP2. */
  record Push(List<Reply> items) implements Reply {}

  /** Several replies for one command (SUBSCRIBE a b c), written back to back. */
  record Multi(List<Reply> replies) implements Reply {}

  /**
   * A reply already in wire form, written as is: only for shapes whose RESP2 and RESP3 encodings are
   * the same bytes (arrays of bulk strings, say), typically cached. The array must not be modified.
   */
  record Encoded(byte[] bytes) implements Reply {}

  /** A reply that is not known yet (a Raft write); the connection holds later replies until it completes. */
  record Deferred(CompletableFuture<Reply> future) implements Reply {}

  static Reply error(String text) {
    return new Error(text);
  }

  static Reply bulk(String s) {
    return new Bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  static Reply bulk(long n) {
    return bulk(Long.toString(n));
  }

  static Reply bulkOrNull(String s) {
    return s == null ? NULL_BULK : bulk(s);
  }

  static Reply integer(long n) {
    return new Int(n);
  }

  static Reply array(List<Reply> items) {
    return new Array(List.copyOf(items));
  }

  static Reply bulkArray(List<String> items) {
    List<Reply> out = new ArrayList<>(items.size());
    for (String s : items) {
      out.add(bulk(s));
    }
    return new Array(out);
  }
}
