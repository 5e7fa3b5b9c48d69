package dev.calcomclient.examples.load;

import static dev.calcomclient.examples.load.Feature.CACHE;
import static dev.calcomclient.examples.load.Feature.COALESCER;
import static dev.calcomclient.examples.load.Feature.INVALIDATION_BUS;
import static dev.calcomclient.examples.load.Feature.INVALIDATOR;
import static dev.calcomclient.examples.load.Feature.RATE_LIMITER;

import java.util.EnumSet;
import java.util.Set;

/**
 * The criteria of each scenario (issue 8: the PHP gateway's thresholds, then ours where ours are stricter), with the
 * calcom-client features each one depends on. Every client is judged by the same criteria, in the same order; only
 * calcom-client's can fail the run (see {@link ExitPolicy}).
 */
final class Criteria {
  private static final Set<Feature> NONE = EnumSet.noneOf(Feature.class);

  private Criteria() {}

  static void evaluate(ScenarioSpec spec, SideResult r) {
    switch (spec.name()) {
      case Scenarios.NORMAL -> {
        normal(r);
        noStaleOffers(r);
      }
      case Scenarios.BURST, Scenarios.BURST_4 -> {
        burst(r);
        noStaleOffers(r);
        overload(r);
      }
      case Scenarios.COLD_START, Scenarios.COLD_START_4 -> {
        coldStart(r);
        noStaleOffers(r);
      }
      case Scenarios.NORMAL_CHURN -> {
        normal(r);
        noStaleOffers(r);
        externalChurn(r);
      }
      case Scenarios.BACKLOG -> backlog(r);
      default -> throw new IllegalArgumentException("no criteria for scenario " + spec.name());
    }
  }

  private static void normal(SideResult r) {
    lessThan(r, "p95_availability_ms", r.percentile(Op.AVAILABILITY, 95), 4000, "PHP gateway", NONE, null);
    lessThan(r, "p95_booking_ms", r.percentile(Op.BOOK, 95), 6000, "PHP gateway", NONE, null);
    atLeast(r, "hit_ratio", r.hitRatio, 0.92, "issue 17, goal 0.95 (PHP gateway: > 0.55)", EnumSet.of(CACHE),
        "1 - upstream slot requests / logical availability reads, from the journal" + causes(r));
    atMost(r, "missed_offers_ratio", r.missedOffersRatio(), 0.01, "issue 17", EnumSet.of(CACHE),
        r.missedOffers == null ? null : r.missedOffers + " starts the fake offered at answer time, in the range"
            + " asked, that the answers left out, of " + r.truthOffers);
    lessThan(r, "failure_rate", r.failureRate(), 0.02, "PHP gateway", EnumSet.of(CACHE),
        "the traffic asks for more slot lookups than 120 per minute: without a cache a client that keeps the limit"
            + " must refuse some");
    equalTo(r, "breaker_opens", (double) r.breakerOpens, 0, "PHP gateway", NONE);
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "ours", EnumSet.of(RATE_LIMITER));
  }

  /**
   * No answer offers a time taken by a booking that completed before the lookup started and that the reading instance
   * could know of (issue 12); offers in the cross-instance bus window are reported beside it, not counted.
   */
  private static void noStaleOffers(SideResult r) {
    if (r.staleOffers == null) {
      return;
    }
    if (r.offersInBusWindow == null) {
      equalTo(r, "stale_offers", (double) r.staleOffers, 0, "ours", EnumSet.of(INVALIDATOR));
      return;
    }
    r.criteria.add(Criterion.check("stale_offers", "= 0", "ours", (double) r.staleOffers, r.staleOffers == 0,
        EnumSet.of(INVALIDATOR), r.offersInBusWindow + " more offers in the bus window (another instance's booking"
            + " whose message the reading instance received after its lookup started), not counted"));
  }

  /** Bookings made elsewhere: gone once their webhook was handled, and never offered for longer than the TTL. */
  private static void externalChurn(SideResult r) {
    if (r.staleOffersAfterWebhook == null) {
      return;
    }
    equalTo(r, "stale_offers_after_webhook", (double) r.staleOffersAfterWebhook, 0, "ours",
        EnumSet.of(INVALIDATOR));
    r.criteria.add(Criterion.check("stale_offer_max_age_s", "<= the TTL that applied (" + r.staleOfferTtlS + " s)",
        "ours", r.staleOfferMaxAgeS, r.staleOfferMaxAgeS <= r.staleOfferTtlS + 1, EnumSet.of(CACHE),
        "bookings made elsewhere without a webhook (a calendar sync): the oldest offer of their time, simulated"
            + " seconds after the booking; " + r.silentStaleOffers + " such offers"));
  }

  private static void burst(SideResult r) {
    lessThan(r, "p95_ms", ScenarioRunner.overallPercentile(r, 95), 6000, "PHP gateway", NONE,
        "all successful operations");
    equalTo(r, "breaker_opens", (double) r.breakerOpens, 0, "PHP gateway", NONE);
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "ours (PHP gateway: 0-2 per 10 min)",
        EnumSet.of(RATE_LIMITER));
    r.criteria.add(Criterion.check("max_requests_any_60s_window", "<= " + r.limit, "ours",
        (double) r.maxRequestsAnyWindow, r.maxRequestsAnyWindow <= r.limit, EnumSet.of(RATE_LIMITER),
        "any sliding 60 s of simulated time, 429'd requests included"));
  }

  /**
   * Issue 18: at its limit the client uses the budget (95% of 110 a minute) and refuses no read its cache could
   * answer.
   */
  private static void overload(SideResult r) {
    atLeast(r, "upstream_per_minute_when_saturated", r.upstreamPerMinuteWhenSaturated, 104, "issue 18",
        EnumSet.of(RATE_LIMITER), "median upstream requests per simulated minute over the " + r.saturatedMinutes.size()
            + " whole minutes in which the limiter made an attempt wait or refused it");
    equalTo(r, "local_refusals_while_cache_held_the_days",
        r.refusedWhileCached == null ? null : (double) r.refusedWhileCached, 0, "issue 18",
        EnumSet.of(RATE_LIMITER, CACHE));
  }

  private static void coldStart(SideResult r) {
    // ours is for one instance; several instances sharing one key are held to the PHP gateway's threshold
    boolean single = r.instances <= 1;
    atLeast(r, "duplicate_calls_prevented_ratio_first_2_min", r.duplicatesPreventedFirst2Min, single ? 0.99 : 0.70,
        single ? "ours, single instance (PHP gateway: > 0.70)" : "PHP gateway (ours, >= 0.99, is for a single instance)",
        EnumSet.of(COALESCER, CACHE),
        "the PHP gateway's measurement window: the first 2 simulated minutes");
    String firstMinute = "first minute: " + (r.hitRatioFirstMinute == null ? "n/a"
        : String.format(java.util.Locale.ROOT, "%.3f", r.hitRatioFirstMinute));
    r.criteria.add(r.hitRatioReached60AtMinute == null
        ? Criterion.check("hit_ratio_reached_60_percent_at_minute", "<= 5", "PHP gateway (0 -> 60% within 5 min)", null,
            false, EnumSet.of(CACHE), "the hit ratio of no simulated minute reached 60%; " + firstMinute)
        : Criterion.check("hit_ratio_reached_60_percent_at_minute", "<= 5", "PHP gateway (0 -> 60% within 5 min)",
            r.hitRatioReached60AtMinute, r.hitRatioReached60AtMinute <= 5, EnumSet.of(CACHE),
            "the first simulated minute whose hit ratio (from the journal) was >= 60%; " + firstMinute));
    atLeast(r, "hit_ratio_last_minute", r.hitRatioLastMinute, 0.60, "PHP gateway (stays >= 60%)", EnumSet.of(CACHE),
        causes(r).isEmpty() ? null : causes(r).substring(2));
    equalTo(r, "rate_limit_violations", (double) r.requests429, 0, "PHP gateway", EnumSet.of(RATE_LIMITER));
  }

  private static void backlog(SideResult r) {
    if (r.backlogTagsAtRestore == null) {
      r.criteria.add(Criterion.notRun("backlog_delivery_ms", "< 100", "ours (PHP gateway: < 5000)",
          EnumSet.of(INVALIDATION_BUS), r.backlogDeliveryNote));
    } else if (r.backlogDeliveryMs == null) {
      r.criteria.add(Criterion.check("backlog_delivery_ms", "< 100", "ours (PHP gateway: < 5000)", null, false,
          EnumSet.of(INVALIDATION_BUS), r.backlogDeliveryNote));
    } else {
      lessThan(r, "backlog_delivery_ms", r.backlogDeliveryMs, 100, "ours (PHP gateway: < 5000)",
          EnumSet.of(INVALIDATION_BUS), r.backlogDeliveryNote);
    }
    equalTo(r, "bookings_lost", r.bookingsLost == null ? null : (double) r.bookingsLost, 0, "PHP gateway", NONE);
    equalTo(r, "stale_reads_after_delivery", r.staleReads == null ? null : (double) r.staleReads, 0, "ours",
        EnumSet.of(CACHE, INVALIDATOR, INVALIDATION_BUS));
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

  private static void atMost(SideResult r, String name, Double measured, double max, String source,
      Set<Feature> requires, String note) {
    String target = "<= " + fmt(max);
    r.criteria.add(measured == null
        ? Criterion.notRun(name, target, source, requires, "nothing to measure")
        : Criterion.check(name, target, source, measured, measured <= max, requires, note));
  }

  private static void equalTo(SideResult r, String name, Double measured, double expected, String source,
      Set<Feature> requires) {
    String target = "= " + fmt(expected);
    r.criteria.add(measured == null
        ? Criterion.notRun(name, target, source, requires, "nothing to measure")
        : Criterion.check(name, target, source, measured, measured == expected, requires, null));
  }

  /**
   * The journal's breakdown of upstream slot requests by cause, for a hit-ratio note; with bookings, the ceiling
   * they put on the hit ratio and the diagnostic hit ratio without the re-fetches they forced.
   */
  static String causes(SideResult r) {
    if (r.slotRequestCauses == null || r.answeredReads == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder("; upstream slot requests by cause (per answered read):");
    r.slotRequestCauses.forEach((cause, n) -> b.append(' ').append(cause).append(' ').append(n).append(" (")
        .append(String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * n / r.answeredReads)).append(')'));
    JournalAnalysis.SlotRequestAccount a = r.slotRequestAccount;
    if (a != null && a.afterBooking() > 0) {
      b.append(String.format(java.util.Locale.ROOT, ". A cache that fetches a day again after a booking touched it"
          + " cannot exceed %.1f%% on this traffic (1 - %d re-fetches after bookings / %d reads; from the bookings"
          + " alone: %d bookings x %.1f slot tags each / %d reads, %.1f%% if every touched day were read again)."
          + " Diagnostic, not a criterion: %.1f%% without the re-fetches after bookings",
          100 * r.hitRatioCeilingAfterBookings(), a.afterBooking(), r.answeredReads, a.bookings(),
          a.tagsPerBooking(), r.answeredReads, 100 * r.hitRatioCeilingEstimate(),
          100 * r.hitRatioExcludingRefetchesAfterBookings()));
    }
    return b.toString();
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
