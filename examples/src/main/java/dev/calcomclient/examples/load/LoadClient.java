package dev.calcomclient.examples.load;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** What a virtual user does with a Cal.com client: one side of the comparison. */
interface LoadClient extends AutoCloseable {

  /** {@code naive}, {@code generic-stack} or {@code calcom-client}, as in {@code summary.json}. */
  String name();

  /**
   * Available slot starts of an event type in {@code [start, end)}, shown in {@code zone}.
   *
   * @param opId the harness's id of the user operation this lookup belongs to; sent as a request header where the
   *     client allows it, so the journal can attribute upstream calls exactly
   */
  List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone)
      throws Exception;

  /** Books {@code start}; returns the booking uid. A taken slot throws (see {@link Outcome#classify}). */
  String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail, ZoneId zone)
      throws Exception;

  /** The client virtual user {@code user} talks to (one of several instances, or this client). */
  default LoadClient forUser(int user) {
    return this;
  }

  /** Breaker transitions to OPEN seen so far (0 for a client without a breaker). */
  default long breakerOpens() {
    return 0;
  }

  /** Breaker transitions to OPEN per endpoint group. */
  default java.util.Map<String, Long> breakerOpensByGroup() {
    return java.util.Map.of();
  }

  /** Keys invalidated per booking, as the client's invalidator reported them (empty without one). */
  default List<Integer> invalidatedKeysPerBooking() {
    return List.of();
  }

  /**
   * Simulated seconds at which the client refused or delayed an upstream attempt for lack of rate-limit budget
   * (empty for a client without a limiter).
   */
  default List<Double> budgetShortfalls() {
    return List.of();
  }

  /** Answers served stale because no rate-limit token came in time, or null when the client cannot do that. */
  default Long staleAnswersUnderOverload() {
    return null;
  }

  @Override
  void close();
}
