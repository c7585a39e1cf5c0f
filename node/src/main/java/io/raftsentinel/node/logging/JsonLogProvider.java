package io.raftsentinel.node.logging;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider behind {@code log-format json}: one JSON object per line on standard error, with
 * slf4j-simple's level settings (see {@link LogLevels}). It is not registered for discovery; it is
 * chosen with the system property {@code slf4j.provider} (see {@link LogSetup}).
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggerFactory;
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    LogLevels levels = LogLevels.fromEnvironment();
    ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();
    loggerFactory = name -> loggers.computeIfAbsent(name,
        n -> new JsonLogger(n, levels.threshold(n), clock, System.err));
  }
}
