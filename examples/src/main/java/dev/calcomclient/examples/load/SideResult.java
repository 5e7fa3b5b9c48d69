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
  int upstreamRequests;
  long requests429;
  int rateLimitBlocks;
  int maxRequestsAnyWindow;
  int limit;
  Double hitRatio;
  Double hitRatioFirstMinute;
  Double hitRatioLastMinute;
  Double duplicatesPrevented;
  Double duplicatesPreventedFirst2Min;
  Double keysInvalidatedPerBookingMedian;
  String keysInvalidatedNote;
  Integer alternativesUpstreamMax;
  String alternativesAttribution;
  final Map<Op, Histogram> latency = new EnumMap<>(Op.class);
  long operations;
  long failures;
  final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  final Map<Op, Map<Outcome, Long>> outcomesByOp = new EnumMap<>(Op.class);
  Map<String, Long> breakerOpensByGroup = Map.of();
  Long staleReads;
  String staleReadsNote;
  Double backlogDeliveryMs;
  String backlogDeliveryNote;
  long breakerOpens;
  long bookingsAcknowledged;
  long bookingsCreatedUpstream;
  Long bookingsLost;
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

  double failureRate() {
    return operations == 0 ? 0 : (double) failures / operations;
  }

  boolean allCriteriaPassed() {
    return criteria.stream().allMatch(c -> c.status() == Criterion.Status.PASS);
  }

  Map<String, Object> toJson(ExitPolicy policy, boolean baseline) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "run");
    m.put("upstream_requests", upstreamRequests);
    m.put("requests_429", requests429);
    m.put("rate_limit_blocks", rateLimitBlocks);
    m.put("max_requests_any_60s_window", maxRequestsAnyWindow);
    m.put("limit", limit);
    m.put("hit_ratio", round(hitRatio));
    m.put("hit_ratio_first_minute", round(hitRatioFirstMinute));
    m.put("hit_ratio_last_minute", round(hitRatioLastMinute));
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
    m.put("stale_reads", staleReads);
    if (staleReadsNote != null) {
      m.put("stale_reads_note", staleReadsNote);
    }
    m.put("backlog_delivery_ms", backlogDeliveryMs);
    if (backlogDeliveryNote != null) {
      m.put("backlog_delivery_note", backlogDeliveryNote);
    }
    m.put("breaker_opens", breakerOpens);
    if (!breakerOpensByGroup.isEmpty()) {
      m.put("breaker_opens_by_group", breakerOpensByGroup);
    }
    m.put("bookings_acknowledged", bookingsAcknowledged);
    m.put("bookings_created_upstream", bookingsCreatedUpstream);
    m.put("bookings_lost", bookingsLost);
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
