package io.raftsentinel.it.reliability;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every node's log tail and the last recorded events when a scenario fails, before the
 * temp dirs are deleted by the test's clean-up. Test classes expose their rig through {@link Owner}.
 */
public final class DumpOnFailure implements TestExecutionExceptionHandler {
  /** A test class with a rig to dump. */
  public interface Owner {
    Rig rig();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    if (context.getRequiredTestInstance() instanceof Owner owner && owner.rig() != null) {
      System.err.println("===== " + context.getDisplayName() + " failed: diagnostics =====\n"
          + owner.rig().diagnostics());
    }
    throw failure;
  }
}
