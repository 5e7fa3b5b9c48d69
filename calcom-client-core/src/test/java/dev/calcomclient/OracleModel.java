package dev.calcomclient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one client instance was seen to learn, against which its answers are judged: the bookings it saw complete
 * (its own creates and reschedules, webhooks it handled, and changes of the other instance whose bus message it
 * received), and its own bookings (which it may cancel or reschedule).
 */
final class OracleModel {
  /** Bookings this instance saw complete: uid to its event type. */
  final Map<String, Long> known = new LinkedHashMap<>();
  /** Bookings this instance made (still active): uids. */
  final List<String> own = new ArrayList<>();
  /** The times of each event type in this instance's last answer. */
  final Map<Long, List<Instant>> lastOffered = new HashMap<>();

  /** A copy of {@link #known}, taken when a lookup starts. */
  Map<String, Long> knownNow() {
    return new HashMap<>(known);
  }

  void ownBooking(String uid, long eventTypeId) {
    known.put(uid, eventTypeId);
    own.add(uid);
  }

  void forget(String uid) {
    known.remove(uid);
    own.remove(uid);
  }
}
