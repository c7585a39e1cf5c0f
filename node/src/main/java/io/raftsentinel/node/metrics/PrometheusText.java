package io.raftsentinel.node.metrics;

import java.util.Locale;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and {@code # TYPE}
 * header per family, then its samples. Labels are given as alternating name/value strings; values are
 * escaped as the format requires. Not thread-safe: one per scrape.
 */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(4096);

  /** Starts a metric family; {@code type} is {@code counter}, {@code gauge} or {@code histogram}. */
  public PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** One sample; {@code labels} alternate name and value. */
  public PrometheusText sample(String name, double value, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels must be name/value pairs, got " + labels.length + " strings");
    }
    out.append(name);
    if (labels.length > 0) {
      out.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (i > 0) {
          out.append(',');
        }
        out.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(format(value)).append('\n');
    return this;
  }

  /** Samples of a histogram: cumulative buckets (with {@code +Inf}), {@code _sum} and {@code _count}. */
  public PrometheusText histogram(String name, Histogram.Snapshot h, String... labels) {
    double[] bounds = h.upperBounds();
    long[] cumulative = h.cumulativeCounts();
    for (int i = 0; i < bounds.length; i++) {
      sample(name + "_bucket", cumulative[i], with(labels, "le", format(bounds[i])));
    }
    sample(name + "_bucket", h.count(), with(labels, "le", "+Inf"));
    sample(name + "_sum", h.sum(), labels);
    sample(name + "_count", h.count(), labels);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }

  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
    all[labels.length] = name;
    all[labels.length + 1] = value;
    return all;
  }
}
