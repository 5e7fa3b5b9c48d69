package dev.calcomclient.examples.load;

import static dev.calcomclient.testkit.DefaultDataset.CONSULTATION_ID;
import static dev.calcomclient.testkit.DefaultDataset.INTRO_CALL_ID;
import static dev.calcomclient.testkit.DefaultDataset.MENTORING_ID;
import static dev.calcomclient.testkit.DefaultDataset.PRODUCT_DEMO_ID;
import static dev.calcomclient.testkit.DefaultDataset.SALES_CALL_ID;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PHP gateway's four k6 scenarios (seeds/004, seeds/001 section 6), in simulated time. {@code shortRun} is the CI
 * variant: fewer simulated minutes and users, the same code path.
 */
final class Scenarios {
  static final String NORMAL = "normal";
  static final String BURST = "burst";
  static final String BURST_4 = "burst-4-instances";
  static final String COLD_START = "cold-start";
  static final String COLD_START_4 = "cold-start-4-instances";
  static final String BACKLOG = "backlog";
  static final String NORMAL_CHURN = "normal-external-churn";

  /** Every scenario name, in the order they run and appear in the report. */
  static final List<String> ALL =
      List.of(NORMAL, BURST, BURST_4, COLD_START, COLD_START_4, BACKLOG, NORMAL_CHURN);

  private static final List<Long> MIXED_EVENT_TYPES =
      List.of(INTRO_CALL_ID, CONSULTATION_ID, PRODUCT_DEMO_ID, MENTORING_ID, SALES_CALL_ID);
  /** The PHP gateway's cold start asks for three services (Herrenhaarschnitt, Damenhaarschnitt, Faerben). */
  private static final List<Long> THREE_EVENT_TYPES = List.of(INTRO_CALL_ID, PRODUCT_DEMO_ID, MENTORING_ID);

  private Scenarios() {}

  static Map<String, ScenarioSpec> all(boolean shortRun) {
    Map<String, ScenarioSpec> m = new LinkedHashMap<>();
    // 1. Normal voice-agent load: 10 users, 30 min, 60/20/20, think 2-5 s.
    m.put(NORMAL, traffic(NORMAL, "Normal voice-agent load", 1,
        shortRun ? 4 : 10, minutes(shortRun ? 5 : 30), seconds(shortRun ? 10 : 30), Duration.ZERO,
        seconds(2), seconds(5), 0.6, 0.2, MIXED_EVENT_TYPES, false, 30));
    // 2. Peak burst: 0 -> 25 users in 30 s, 10 min (8 min sustained, 1.5 min ramp-down), think 0.5-2 s.
    ScenarioSpec burst = traffic(BURST, "Peak burst", 1,
        shortRun ? 10 : 25, minutes(shortRun ? 3 : 10), seconds(30), shortRun ? seconds(30) : seconds(90),
        Duration.ofMillis(500), seconds(2), 0.6, 0.2, MIXED_EVENT_TYPES, false, 30);
    m.put(BURST, burst);
    m.put(BURST_4, withInstances(burst, BURST_4, "Peak burst, 4 instances sharing one key"));
    // 3. Cold start: empty caches, 15 users over 3 event types, 5 min, availability checks, think 1-2 s.
    ScenarioSpec cold = traffic(COLD_START, "Cache cold start", 1,
        shortRun ? 8 : 15, minutes(shortRun ? 2 : 5), seconds(10), Duration.ZERO,
        seconds(1), seconds(2), 1.0, 0.0, THREE_EVENT_TYPES, true, 5);
    m.put(COLD_START, cold);
    m.put(COLD_START_4, withInstances(cold, COLD_START_4, "Cache cold start, 4 instances sharing one key"));
    // 4. Invalidation backlog: 80 bookings while the invalidation path is down, then restored.
    m.put(BACKLOG, new ScenarioSpec(BACKLOG, "Invalidation backlog recovery", ScenarioSpec.Kind.BACKLOG, 1, 1,
        minutes(shortRun ? 2 : 10), Duration.ZERO, Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(500),
        0, 1, List.of(INTRO_CALL_ID), false, 20, shortRun ? 20 : 80, 0));
    // 5. The normal load plus bookings made elsewhere at 20% of the client's booking rate, half of them announced
    // by a signed webhook delivered to the client, half not (a calendar sync).
    ScenarioSpec normal = m.get(NORMAL);
    m.put(NORMAL_CHURN, new ScenarioSpec(NORMAL_CHURN, "Normal load with bookings made elsewhere", normal.kind(),
        normal.instances(), normal.users(), normal.duration(), normal.rampUp(), normal.rampDown(),
        normal.thinkMin(), normal.thinkMax(), normal.availabilityShare(), normal.bookShare(), normal.eventTypeIds(),
        normal.roundRobinEventTypes(), normal.horizonWorkdays(), 0, 0.2));
    return m;
  }

  private static ScenarioSpec traffic(String name, String title, int instances, int users, Duration duration,
      Duration rampUp, Duration rampDown, Duration thinkMin, Duration thinkMax, double availability, double book,
      List<Long> eventTypes, boolean roundRobin, int horizon) {
    return new ScenarioSpec(name, title, ScenarioSpec.Kind.TRAFFIC, instances, users, duration, rampUp, rampDown,
        thinkMin, thinkMax, availability, book, eventTypes, roundRobin, horizon, 0, 0);
  }

  private static ScenarioSpec withInstances(ScenarioSpec s, String name, String title) {
    return new ScenarioSpec(name, title, s.kind(), 4, s.users(), s.duration(), s.rampUp(), s.rampDown(),
        s.thinkMin(), s.thinkMax(), s.availabilityShare(), s.bookShare(), s.eventTypeIds(),
        s.roundRobinEventTypes(), s.horizonWorkdays(), s.backlogBookings(), s.externalChurn());
  }

  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
