package io.raftsentinel.it;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (Redis processes, clusters, proxies, clients), closed after each test in the
 * reverse order, even when the test failed: {@code @RegisterExtension final TestResources res = new TestResources();}.
 */
public final class TestResources implements AfterEachCallback {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  /** Registers {@code c} to be closed after the test; returns it. */
  public <T extends AutoCloseable> T track(T c) {
    started.push(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
