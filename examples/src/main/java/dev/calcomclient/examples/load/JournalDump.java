package dev.calcomclient.examples.load;

import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.RecordedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

  /**
   * Writes each stale offer, then each offer in the bus window ({@link StaleOfferOracle#offersInBusWindow}), with the bookings occupying its time and the requests the fake served around it
   * ({@code stale-<scenario>-<side>.txt}): from two simulated seconds before the first of those bookings was created
   * or the lookup started (at most 30 s before the lookup) to one second after the answer. The journal records when
   * each request arrived; the fake computes a GET's answer then. With several instances, each booking is followed by
   * the bus messages carrying its tag: when an instance published them and when each instance had applied them.
   */
  static void writeStale(Path dir, String name, List<StaleOfferOracle.StaleOffer> offers, List<RecordedCall> journal,
      List<BusLog.Event> bus, SimTime time) {
    try {
      Files.createDirectories(dir);
      StringBuilder out = new StringBuilder();
      List<RecordedCall> sorted = journal.stream().sorted(Comparator.comparing(RecordedCall::time)).toList();
      for (StaleOfferOracle.StaleOffer o : offers) {
        out.append(String.format(Locale.ROOT, "== %s: type %d start %s; lookup %.3f..%.3f; source %s%n",
            o.inBusWindow() ? "offer in the bus window" : "stale offer", o.eventTypeId(), o.offered(),
            o.lookupStart(), o.answeredAt(), o.source()));
        for (int i = 0; i < o.bookings().size(); i++) {
          out.append("   occupied by ").append(o.occupying().get(i)).append('\n');
          FakeBooking b = o.bookings().get(i);
          double created = time.secondsAt(b.createdAt());
          LocalDate day = LocalDate.ofInstant(b.start(), ZoneOffset.UTC);
          // the bus messages carrying its own tag after it was created: who published them, who had applied them
          bus.stream().filter(e -> e.at() >= created && e.carries(b.eventTypeId(), day))
              .forEach(e -> out.append("     bus ").append(e).append('\n'));
        }
        double from = Math.max(Math.min(o.firstCreated(), o.lookupStart()) - 2, o.lookupStart() - 30);
        double to = o.answeredAt() + 1;
        for (RecordedCall c : sorted) {
          double at = time.secondsAt(c.time());
          if (at >= from && at <= to) {
            out.append(String.format(Locale.ROOT, "   %.3f %s %s %s %d %s%n", at, c.method(), c.path(),
                c.query() == null ? "" : c.query(), c.responseStatus(),
                "POST".equals(c.method()) && c.body() != null ? c.body() : ""));
          }
        }
      }
      Files.writeString(dir.resolve("stale-" + name + ".txt"), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
