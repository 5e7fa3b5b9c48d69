package dev.calcomclient.examples.load;

import static dev.calcomclient.examples.load.Feature.CACHE;
import static dev.calcomclient.examples.load.Feature.COALESCER;
import static dev.calcomclient.examples.load.Feature.INVALIDATION_BUS;
import static dev.calcomclient.examples.load.Feature.RATE_LIMITER;

import java.util.EnumSet;
import java.util.Set;

/**
 * The criteria of each scenario (issue 8: the seeds' thresholds, then ours where ours are stricter), with the
 * calcom-client features each one depends on. Both clients are judged by the same criteria; only calcom-client's
 * can fail the run (see {@link ExitPolicy}).
 */
final class Criteria {
  private static final Set<Feature> NONE = EnumSet.noneOf(Feature.class);

  private Criteria() {}

  static void evaluate(ScenarioSpec spec, SideResult r) {
    switch (spec.name()) {
      case Scenarios.NORMAL -> normal(r);
      case Scenarios.BURST, Scenarios.BURST_4 -> burst(r);
      case Scenarios.COLD_START, Scenarios.COLD_START_4 -> coldStart(r);
      case Scenarios.BACKLOG -> backlog(r);
      default -> throw new IllegalArgumentException("no criteria for scenario " + spec.name());
    }
  }

  private static void normal(SideResult r) {
    lessThan(r, "p95_availability_ms", r.percentile(Op.AVAILABILITY, 95), 4000, "seeds", NONE, null);
    lessThan(r, "p95_booking_ms", r.percentile(Op.BOOK, 95), 6000, "seeds", NONE, null);
    atLeast(r, "hit_ratio", r.hitRatio, 0.95, "ours (seeds: > 0.55)", EnumSet.of(CACHE),
        "lookups answered without an upstream request of their own, from the journal");
    lessThan(r, "failure_rate", r.failureRate(), 0.02, "seeds", EnumSet.of(CACHE),
        "the traffic asks for more lookups than 120 per minute: without a cache a client that keeps the limit must"
            + " refuse some");
    equalTo(r, "breaker_opens", (double) r.breakerOpens, 0, "seeds", NONE);
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "ours", EnumSet.of(RATE_LIMITER));
  }

  private static void burst(SideResult r) {
    lessThan(r, "p95_ms", ScenarioRunner.overallPercentile(r, 95), 6000, "seeds", NONE,
        "all successful operations");
    equalTo(r, "breaker_opens", (double) r.breakerOpens, 0, "seeds", NONE);
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "ours (seeds: 0-2 per 10 min)",
        EnumSet.of(RATE_LIMITER));
    r.criteria.add(Criterion.check("max_requests_any_60s_window", "<= " + r.limit, "ours",
        (double) r.maxRequestsAnyWindow, r.maxRequestsAnyWindow <= r.limit, EnumSet.of(RATE_LIMITER),
        "any sliding 60 s of simulated time, 429'd requests included"));
  }

  private static void coldStart(SideResult r) {
    atLeast(r, "duplicate_calls_prevented_ratio_first_2_min", r.duplicatesPreventedFirst2Min, 0.99,
        "ours (seeds: > 0.70)", EnumSet.of(COALESCER, CACHE),
        "the seeds' measurement window: the first 2 simulated minutes");
    atLeast(r, "hit_ratio_last_minute", r.hitRatioLastMinute, 0.60, "seeds (0 -> 60% within 5 min)",
        EnumSet.of(CACHE), "first minute: " + (r.hitRatioFirstMinute == null ? "n/a"
            : String.format(java.util.Locale.ROOT, "%.3f", r.hitRatioFirstMinute)));
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "seeds", EnumSet.of(RATE_LIMITER));
  }

  private static void backlog(SideResult r) {
    if (r.backlogDeliveryMs == null) {
      r.criteria.add(Criterion.notRun("backlog_delivery_ms", "< 100", "ours (seeds: < 5000)",
          EnumSet.of(INVALIDATION_BUS), r.backlogDeliveryNote));
    } else {
      lessThan(r, "backlog_delivery_ms", r.backlogDeliveryMs, 100, "ours (seeds: < 5000)",
          EnumSet.of(INVALIDATION_BUS), null);
    }
    equalTo(r, "bookings_lost", r.bookingsLost == null ? null : (double) r.bookingsLost, 0, "seeds", NONE);
    equalTo(r, "stale_reads_after_delivery", r.staleReads == null ? null : (double) r.staleReads, 0, "ours", NONE);
  }

  private static void lessThan(SideResult r, String name, Double measured, double limit, String source,
      Set<Feature> requires, String note) {
    String target = "< " + fmt(limit);
    r.criteria.add(measured == null
        ? Criterion.notRun(name, target, source, requires, "nothing to measure: no successful operation")
        : Criterion.check(name, target, source, measured, measured < limit, requires, note));
  }

  private static void atLeast(SideResult r, String name, Double measured, double min, String source,
      Set<Feature> requires, String note) {
    String target = ">= " + fmt(min);
    r.criteria.add(measured == null
        ? Criterion.notRun(name, target, source, requires, "nothing to measure")
        : Criterion.check(name, target, source, measured, measured >= min, requires, note));
  }

  private static void equalTo(SideResult r, String name, Double measured, double expected, String source,
      Set<Feature> requires) {
    String target = "= " + fmt(expected);
    r.criteria.add(measured == null
        ? Criterion.notRun(name, target, source, requires, "nothing to measure")
        : Criterion.check(name, target, source, measured, measured == expected, requires, null));
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
