package dev.calcomclient.examples.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures of one client side of one scenario (journal-based upstream figures, harness-measured latencies). */
final class SideResult {
  final String client;
  int instances = 1;
  int upstreamRequests;
  Map<String, Long> upstreamByEndpoint = Map.of();
  long logicalReads;
  Map<String, Long> slotRequestCauses;
  JournalAnalysis.SlotRequestAccount slotRequestAccount;
  long answeredReads;
  long requests429;
  int rateLimitBlocks;
  int maxRequestsAnyWindow;
  int limit;
  Double hitRatio;
  Double hitRatioFirstMinute;
  Double hitRatioLastMinute;
  Double hitRatioReached60AtMinute;
  Double duplicatesPrevented;
  Double duplicatesPreventedFirst2Min;
  Double keysInvalidatedPerBookingMedian;
  String keysInvalidatedNote;
  Integer alternativesUpstreamMax;
  String alternativesAttribution;
  Integer alternativesUpstreamMaxClientReported;
  Map<String, Long> answerSources;
  List<String> statsReports = List.of();
  final Map<Op, Histogram> latency = new EnumMap<>(Op.class);
  long operations;
  long failures;
  final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  final Map<Op, Map<Outcome, Long>> outcomesByOp = new EnumMap<>(Op.class);
  Map<String, Long> breakerOpensByGroup = Map.of();
  final Map<String, List<String>> failureExamples = new java.util.TreeMap<>();
  Long staleReads;
  String staleReadsNote;
  Long staleReadsDuringOutage;
  Long missingAfterDelivery;
  Double backlogDeliveryMs;
  Double backlogDeliverySimulatedMs;
  String backlogDeliveryNote;
  Integer backlogTagsAtRestore;
  String invalidationStats;
  String outageRefusals;
  long breakerOpens;
  Long bookingsAttempted;
  long bookingsAcknowledged;
  long bookingsCreatedUpstream;
  long bookingsCreatedButReportedFailed;
  Long bookingsLost;
  /**
   * Offers of a time that the bookings completed before the lookup started take ({@link StaleOfferOracle}; null:
   * not measured).
   */
  Long staleOffers;
  /**
   * Offers of a time taken only by another instance's bookings whose invalidation message the reading instance
   * received after its lookup started: the cross-instance window, not counted in {@link #staleOffers} (null: one
   * instance, or not calcom-client).
   */
  Long offersInBusWindow;
  /** How long the bus took from a publish to each other instance's receipt ({@link BusLog#deliverySummary}). */
  Map<String, Object> busDelivery;
  /** How long an instance took from a booking's create returning to handing the bus its message (same form). */
  Map<String, Object> publishAfterBooking;
  /** Creates Cal.com refused because the time was taken. */
  long bookingConflicts;
  /** Of the stale offers, those of bookings made elsewhere whose webhook the client had handled (churn only). */
  Long staleOffersAfterWebhook;
  /** Offers of bookings made elsewhere without a webhook (churn only). */
  Long silentStaleOffers;
  /** The oldest such offer, simulated seconds after the booking (churn only). */
  Double staleOfferMaxAgeS;
  /** The longest time to live that applied to the entries of those offers (churn only). */
  Double staleOfferTtlS;
  /** Starts the fake offered that the client's answers did not, judged at answer time (null: not measured). */
  Long missedOffers;
  /** Starts the fake offered in the ranges of the judged lookups. */
  Long truthOffers;
  /** Upstream requests in each simulated minute in which the client refused or delayed for lack of budget. */
  List<Integer> saturatedMinutes = List.of();
  /** Their median (null: no such minute). */
  Double upstreamPerMinuteWhenSaturated;
  /** Median upstream requests in the 60 s ending at each shortfall (null: none); a diagnostic, not a criterion. */
  Double upstreamIn60sBeforeShortfallMedian;
  /** Operations the client's own limiter refused, by operation. */
  Map<String, Long> localRefusalsByOperation = Map.of();
  /** Of those, availability checks and alternatives searches whose days the cache held (null: not measured). */
  Long refusedWhileCached;
  /** Answers served stale because no token came in time (null: the client cannot). */
  Long staleAnswersUnderOverload;
  Map<String, Object> fakeThrottler;
  double simulatedSeconds;
  double wallSeconds;
  List<double[]> windowSeries = new ArrayList<>();
  List<double[]> hitRatioSeries = new ArrayList<>();
  final List<Criterion> criteria = new ArrayList<>();

  SideResult(String client) {
    this.client = client;
  }

  Histogram histogram(Op op) {
    return latency.computeIfAbsent(op, o -> new Histogram(3_600_000L, 3));
  }

  Double percentile(Op op, double p) {
    Histogram h = latency.get(op);
    return h == null || h.getTotalCount() == 0 ? null : (double) h.getValueAtPercentile(p);
  }

  /** Missed offers per offer the fake had, or null when not measured or nothing was judged. */
  Double missedOffersRatio() {
    return missedOffers == null || truthOffers == null || truthOffers == 0 ? null
        : (double) missedOffers / truthOffers;
  }

  double failureRate() {
    return operations == 0 ? 0 : (double) failures / operations;
  }

  /**
   * Diagnostic, not a criterion: the hit ratio if the upstream slot requests the journal attributes to a booking
   * (days a booking touched since their last fetch) were not counted; null without an account.
   */
  Double hitRatioExcludingRefetchesAfterBookings() {
    if (slotRequestAccount == null || answeredReads == 0) {
      return null;
    }
    long other = slotRequestAccount.slotRequests() - slotRequestAccount.afterBooking();
    return clamp(1.0 - (double) other / answeredReads);
  }

  /**
   * The highest hit ratio a cache that fetches a day again after a booking touched it could have reached on this
   * traffic: every other upstream slot request avoided, the journal's re-fetches after bookings kept; null without
   * an account.
   */
  Double hitRatioCeilingAfterBookings() {
    if (slotRequestAccount == null || answeredReads == 0) {
      return null;
    }
    return clamp(1.0 - (double) slotRequestAccount.afterBooking() / answeredReads);
  }

  /**
   * The same ceiling estimated from the bookings alone, as if every slot tag a booking touched were read again
   * before its next booking: {@code 1 - bookings x tags per booking / reads}; null without bookings.
   */
  Double hitRatioCeilingEstimate() {
    if (slotRequestAccount == null || answeredReads == 0 || slotRequestAccount.bookings() == 0) {
      return null;
    }
    return clamp(1.0 - (double) slotRequestAccount.bookingTags() / answeredReads);
  }

  private static double clamp(double d) {
    return Math.max(0.0, Math.min(1.0, d));
  }

  boolean allCriteriaPassed() {
    return criteria.stream().allMatch(c -> c.status() == Criterion.Status.PASS);
  }

  Map<String, Object> toJson(ExitPolicy policy, boolean baseline) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "run");
    m.put("instances", instances);
    m.put("upstream_requests", upstreamRequests);
    m.put("upstream_requests_by_endpoint", upstreamByEndpoint);
    m.put("logical_availability_reads", logicalReads);
    if (slotRequestCauses != null) {
      m.put("upstream_slot_requests_by_cause", slotRequestCauses);
    }
    if (slotRequestAccount != null) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("note", "diagnostics from the journal, not criteria: why the hit ratio is what it is");
      d.put("answered_reads", answeredReads);
      d.put("upstream_slot_requests_answered", slotRequestAccount.slotRequests());
      d.put("refetches_after_booking", slotRequestAccount.afterBooking());
      d.put("hit_ratio_excluding_refetches_after_bookings", round(hitRatioExcludingRefetchesAfterBookings()));
      d.put("hit_ratio_ceiling_refetching_after_bookings", round(hitRatioCeilingAfterBookings()));
      d.put("bookings_created", slotRequestAccount.bookings());
      d.put("slot_tags_touched_per_booking", round(slotRequestAccount.tagsPerBooking()));
      d.put("hit_ratio_ceiling_estimate_bookings_x_tags", round(hitRatioCeilingEstimate()));
      d.put("expired_or_refreshed_by_age_of_oldest_day", slotRequestAccount.expiredByAge());
      d.put("expired_or_refreshed_weekend_days_only", slotRequestAccount.expiredWeekendOnly());
      d.put("expired_or_refreshed_under_96s_of_days_a_span_fetched", slotRequestAccount.expiredEarlyAfterSpan());
      m.put("hit_ratio_diagnostics", d);
    }
    m.put("requests_429", requests429);
    m.put("rate_limit_blocks", rateLimitBlocks);
    m.put("max_requests_any_60s_window", maxRequestsAnyWindow);
    m.put("limit", limit);
    m.put("hit_ratio", round(hitRatio));
    m.put("hit_ratio_first_minute", round(hitRatioFirstMinute));
    m.put("hit_ratio_last_minute", round(hitRatioLastMinute));
    m.put("hit_ratio_reached_60_percent_at_minute", hitRatioReached60AtMinute);
    List<Map<String, Object>> series = new ArrayList<>();
    for (double[] p : hitRatioSeries) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("minute", p[0]);
      point.put("hit_ratio", round(p[1]));
      series.add(point);
    }
    m.put("hit_ratio_per_minute", series);
    m.put("duplicate_calls_prevented_ratio", round(duplicatesPrevented));
    m.put("duplicate_calls_prevented_ratio_first_2_min", round(duplicatesPreventedFirst2Min));
    m.put("keys_invalidated_per_booking_median", keysInvalidatedPerBookingMedian);
    if (keysInvalidatedNote != null) {
      m.put("keys_invalidated_per_booking_note", keysInvalidatedNote);
    }
    m.put("alternatives_upstream_calls_max", alternativesUpstreamMax);
    if (alternativesAttribution != null) {
      m.put("alternatives_upstream_calls_attribution", alternativesAttribution);
    }
    if (alternativesUpstreamMaxClientReported != null) {
      m.put("alternatives_upstream_calls_max_client_reported", alternativesUpstreamMaxClientReported);
    }
    if (answerSources != null) {
      m.put("availability_answer_sources_client_reported", answerSources);
    }
    Map<String, Object> p50 = new LinkedHashMap<>();
    Map<String, Object> p95 = new LinkedHashMap<>();
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Op op : Op.values()) {
      p50.put(op.label, percentile(op, 50));
      p95.put(op.label, percentile(op, 95));
      Histogram h = latency.get(op);
      counts.put(op.label, h == null ? 0 : h.getTotalCount());
    }
    m.put("p50_ms", p50);
    m.put("p95_ms", p95);
    m.put("successful_operations", counts);
    m.put("operations", operations);
    m.put("failures", failures);
    m.put("failure_rate", round(failureRate()));
    Map<String, Object> out = new LinkedHashMap<>();
    outcomes.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    m.put("outcomes", out);
    Map<String, Object> byOp = new LinkedHashMap<>();
    outcomesByOp.forEach((op, byOutcome) -> {
      Map<String, Object> c = new LinkedHashMap<>();
      byOutcome.forEach((k, v) -> c.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
      byOp.put(op.label, c);
    });
    m.put("outcomes_by_operation", byOp);
    if (!failureExamples.isEmpty()) {
      m.put("failure_examples", failureExamples);
    }
    m.put("stale_reads", staleReads);
    if (staleReadsNote != null) {
      m.put("stale_reads_note", staleReadsNote);
    }
    if (staleReadsDuringOutage != null) {
      m.put("stale_reads_during_outage", staleReadsDuringOutage);
    }
    if (missingAfterDelivery != null) {
      m.put("slots_missing_after_delivery", missingAfterDelivery);
    }
    m.put("backlog_delivery_ms", round(backlogDeliveryMs));
    if (backlogDeliverySimulatedMs != null) {
      m.put("backlog_delivery_ms_as_simulated_time", round(backlogDeliverySimulatedMs));
    }
    if (backlogTagsAtRestore != null) {
      m.put("backlog_tags_at_restore", backlogTagsAtRestore);
    }
    if (backlogDeliveryNote != null) {
      m.put("backlog_delivery_note", backlogDeliveryNote);
    }
    if (invalidationStats != null) {
      m.put("writer_invalidation_stats", invalidationStats);
    }
    if (outageRefusals != null) {
      m.put("outage", outageRefusals);
    }
    m.put("breaker_opens", breakerOpens);
    if (!breakerOpensByGroup.isEmpty()) {
      m.put("breaker_opens_by_group", breakerOpensByGroup);
    }
    if (bookingsAttempted != null) {
      m.put("bookings_attempted", bookingsAttempted);
    }
    m.put("bookings_acknowledged", bookingsAcknowledged);
    m.put("bookings_created_upstream", bookingsCreatedUpstream);
    m.put("bookings_created_but_reported_failed", bookingsCreatedButReportedFailed);
    m.put("bookings_lost", bookingsLost);
    if (staleOffers != null) {
      m.put("stale_offers", staleOffers);
    }
    if (offersInBusWindow != null) {
      m.put("offers_in_bus_window", offersInBusWindow);
      m.put("bus_delivery_delay", busDelivery);
      m.put("bus_publish_after_booking", publishAfterBooking);
    }
    if (missedOffers != null) {
      m.put("missed_offers", missedOffers);
      m.put("missed_offers_ratio", round(missedOffersRatio()));
      m.put("offers_judged", truthOffers);
    }
    m.put("booking_conflicts", bookingConflicts);
    m.put("upstream_per_minute_when_saturated", upstreamPerMinuteWhenSaturated);
    m.put("saturated_minutes", saturatedMinutes.size());
    m.put("upstream_in_saturated_minutes", saturatedMinutes);
    m.put("upstream_in_60s_before_shortfall_median", upstreamIn60sBeforeShortfallMedian);
    m.put("local_refusals_by_operation", localRefusalsByOperation);
    if (refusedWhileCached != null) {
      m.put("local_refusals_while_cache_held_the_days", refusedWhileCached);
    }
    m.put("stale_answers_under_overload", staleAnswersUnderOverload);
    if (staleOffersAfterWebhook != null) {
      m.put("stale_offers_after_webhook", staleOffersAfterWebhook);
      m.put("stale_offers_without_webhook", silentStaleOffers);
      m.put("stale_offer_max_age_s", Math.round(staleOfferMaxAgeS * 10) / 10.0);
      m.put("stale_offer_ttl_s", Math.round(staleOfferTtlS * 10) / 10.0);
    }
    if (fakeThrottler != null) {
      m.put("fake_throttler_cross_check", fakeThrottler);
    }
    m.put("simulated_seconds", Math.round(simulatedSeconds));
    m.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
    m.put("criteria_passed", allCriteriaPassed());
    if (!baseline) {
      m.put("enforced_criteria_passed", criteria.stream()
          .filter(policy::enforces).allMatch(c -> c.status() == Criterion.Status.PASS));
    }
    List<Map<String, Object>> cs = new ArrayList<>();
    for (Criterion c : criteria) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("target", c.target());
      cm.put("source", c.source());
      cm.put("measured", c.measured() == null ? null : round(c.measured()));
      cm.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      cm.put("passed", c.status() == Criterion.Status.PASS);
      cm.put("enforced", !baseline && policy.enforces(c));
      cm.put("requires", c.requires().stream().map(Enum::name).toList());
      List<String> missing = c.missingFeatures().stream().map(Feature::description).toList();
      if (!missing.isEmpty()) {
        cm.put("missing_features", missing);
      }
      if (c.note() != null) {
        cm.put("note", c.note());
      }
      cs.add(cm);
    }
    m.put("criteria", cs);
    return m;
  }

  static Double round(Double d) {
    return d == null ? null : Math.round(d * 10000) / 10000.0;
  }
}
