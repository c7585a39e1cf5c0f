package io.raftsentinel.it.reliability;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every node's log tail and the last recorded events when a scenario fails, before the
 * temp dirs are deleted by the test's clean-up, and keeps the full logs and histories under
 * target/reliability-logs. Test classes expose their rig through {@link Owner}.
 */
public final class DumpOnFailure implements TestExecutionExceptionHandler {
  /** A test class with a rig to dump. */
  public interface Owner {
    Rig rig();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    if (context.getRequiredTestInstance() instanceof Owner owner && owner.rig() != null) {
      Path dir = Path.of("target", "reliability-logs",
          context.getRequiredTestClass().getSimpleName() + "-" + System.currentTimeMillis());
      System.err.println("===== " + context.getDisplayName() + " failed: diagnostics (full logs in "
          + dir.toAbsolutePath() + ") =====\n" + owner.rig().diagnostics());
      try {
        owner.rig().saveLogs(dir);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }
}
