package dev.calcomclient.examples.load;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the harness observed on one client side of a scenario: operations, lookups and bookings made. */
final class Recorder {
  /**
   * One slot lookup the harness asked the client for, by range (the demand side of duplicate calls).
   *
   * @param simTime  when it was asked for
   * @param key      see {@link #lookupKey}
   * @param answered whether the client returned slots (not refused, failed or timed out)
   */
  record Lookup(double simTime, String key, boolean answered) {}

  /**
   * One logical availability read: a user operation that needed to know free slots (an availability check, the
   * check before a booking, an alternatives search), counted once whatever the client does to answer it. The
   * demand side of the hit ratio, the same for both clients because the traffic is.
   *
   * @param simTime  when it was asked for
   * @param answered whether the client answered it
   */
  record Read(double simTime, boolean answered) {}

  /** A booking the client reported as made. */
  record MadeBooking(String uid, long eventTypeId, Instant start) {}

  private final ConcurrentLinkedQueue<OpRecord> ops = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Lookup> lookups = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<MadeBooking> bookings = new ConcurrentLinkedQueue<>();

  void op(OpRecord r) {
    ops.add(r);
  }

  void lookup(double simTime, long eventTypeId, Instant start, Instant end, String zone, boolean answered) {
    lookups.add(new Lookup(simTime, lookupKey(eventTypeId, start, end, zone), answered));
  }

  void read(double simTime, boolean answered) {
    reads.add(new Read(simTime, answered));
  }

  void booking(String uid, long eventTypeId, Instant start) {
    bookings.add(new MadeBooking(uid, eventTypeId, start));
  }

  List<OpRecord> ops() {
    return List.copyOf(ops);
  }

  List<Lookup> lookups() {
    return List.copyOf(lookups);
  }

  List<Read> reads() {
    return List.copyOf(reads);
  }

  List<MadeBooking> bookings() {
    return List.copyOf(bookings);
  }

  /** The canonical key of a lookup; {@link JournalAnalysis} builds the same key from a recorded GET /v2/slots. */
  static String lookupKey(long eventTypeId, Instant start, Instant end, String zone) {
    return eventTypeId + "|" + start + "|" + end + "|" + zone;
  }
}
