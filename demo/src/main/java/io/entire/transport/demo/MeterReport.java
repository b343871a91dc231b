package io.entire.transport.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One line per meter of a registry, {@code name{tag=value, …} count=… total=…}, sorted by name and
 * tags, so the demo can show what the Micrometer module registered. Stateless.
 */
final class MeterReport {
  private MeterReport() {}

  /** The meters of {@code registry} whose name starts with {@code prefix}, one line each. */
  static List<String> lines(MeterRegistry registry, String prefix) {
    return registry.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith(prefix))
        .map(meter -> name(meter) + "  " + values(meter))
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  private static String name(Meter meter) {
    return meter.getId().getName()
        + meter.getId().getTags().stream()
            .map(MeterReport::tag)
            .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String tag(Tag tag) {
    return tag.getKey() + "=" + tag.getValue();
  }

  private static String values(Meter meter) {
    if (meter instanceof Timer timer) {
      return String.format(
          Locale.ROOT,
          "count=%d total=%.1f ms",
          timer.count(),
          timer.totalTime(TimeUnit.NANOSECONDS) / 1e6);
    }
    if (meter instanceof Counter counter) {
      return String.format(Locale.ROOT, "count=%.0f", counter.count());
    }
    if (meter instanceof DistributionSummary summary) {
      return String.format(
          Locale.ROOT, "count=%d total=%.0f", summary.count(), summary.totalAmount());
    }
    // Another kind of meter: its measurements as Micrometer names them.
    StringBuilder line = new StringBuilder();
    meter
        .measure()
        .forEach(
            m ->
                line.append(m.getStatistic().getTagValueRepresentation())
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.1f", m.getValue()))
                    .append(' '));
    return line.toString().trim();
  }
}
