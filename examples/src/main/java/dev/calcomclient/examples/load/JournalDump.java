package dev.calcomclient.examples.load;

import dev.calcomclient.testkit.RecordedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code --journal}: writes one side's request journal and operations as CSV ({@code journal-<scenario>-<side>.csv},
 * {@code ops-<scenario>-<side>.csv}) in simulated seconds, for looking into a figure.
 */
final class JournalDump {
  private JournalDump() {}

  static void write(Path dir, String name, List<RecordedCall> journal, List<OpRecord> ops, SimTime time) {
    try {
      Files.createDirectories(dir);
      // the body of POSTs only (a booking: event type, start, the harness's attendee); quotes doubled for CSV
      StringBuilder j = new StringBuilder("sim_s,method,path,query,status,op,body\n");
      journal.stream().sorted(Comparator.comparing(RecordedCall::time)).forEach(c -> j.append(String.format(
          Locale.ROOT, "%.3f,%s,%s,\"%s\",%d,%s,\"%s\"%n", time.secondsAt(c.time()), c.method(), c.path(),
          c.query() == null ? "" : c.query(), c.responseStatus(),
          c.header(NaiveClient.OP_HEADER) == null ? "" : c.header(NaiveClient.OP_HEADER),
          "POST".equals(c.method()) && c.body() != null ? c.body().replace("\"", "\"\"") : "")));
      Files.writeString(dir.resolve("journal-" + name + ".csv"), j);
      StringBuilder o = new StringBuilder(
          "id,op,sim_start,sim_end,outcome,event_type,range_start,range_end,lookups,latency_ms,client_upstream,"
              + "error\n");
      ops.stream().sorted(Comparator.comparingDouble(OpRecord::simStart)).forEach(r -> o.append(String.format(
          Locale.ROOT, "%s,%s,%.3f,%.3f,%s,%d,%s,%s,%d,%.0f,%d,\"%s\"%n", r.id(), r.op(), r.simStart(), r.simEnd(),
          r.outcome(), r.eventTypeId(), r.rangeStart(), r.rangeEnd(), r.lookups(), r.latencyMillis(),
          r.clientUpstreamCalls(), r.error() == null ? "" : r.error().replace('"', '\''))));
      Files.writeString(dir.resolve("ops-" + name + ".csv"), o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
