package io.raftsentinel.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident set size of a Linux process from {@code /proc/<pid>/stat} (utime + stime, in
 * clock ticks of 10 ms: USER_HZ is 100 on Linux x86-64/arm64) and {@code /proc/<pid>/status} (VmRSS).
 */
public final class ProcStats {
  private static final long MS_PER_TICK = 10;

  private ProcStats() {}

  public static long selfPid() {
    return ProcessHandle.current().pid();
  }

  /** User + system CPU time consumed so far, in ms. */
  public static long cpuMs(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // Field 2 (comm) may contain spaces; fields after the last ')' start at field 3 (state).
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK; // fields 14 and 15
  }

  /** Resident set size now, in KiB. */
  static long rssKb(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /** CPU over a window, as a percentage of one core, and RSS at its end, for each of several processes. */
  record Usage(long pid, double cpuPercentOfOneCore, long rssKb) {}

  /** Samples every pid's CPU time, sleeps {@code windowMs}, samples again. */
  static List<Usage> over(List<Long> pids, long windowMs) throws InterruptedException {
    long[] before = pids.stream().mapToLong(ProcStats::cpuMs).toArray();
    long start = System.nanoTime();
    Thread.sleep(windowMs); // a measurement window, not synchronisation
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    return java.util.stream.IntStream.range(0, pids.size()).mapToObj(i -> new Usage(pids.get(i),
        (ProcStats.cpuMs(pids.get(i)) - before[i]) * 100.0 / elapsedMs, rssKb(pids.get(i)))).toList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
