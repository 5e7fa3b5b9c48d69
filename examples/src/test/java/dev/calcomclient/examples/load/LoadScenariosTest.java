package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testsupport.RedisEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the short (CI) variant of the burst (one instance, and four sharing one key through a real
 * {@code redis-server}) and backlog scenarios so that the harness cannot rot: the files are written,
 * {@code summary.json} has the shape and fields of issue 8, and the invariants that do not depend on the machine's
 * speed hold: calcom-client never gets a 429 and never sends more than the limit in any 60 s (its limiter, shared
 * through Redis by four instances, keeps under the limit whatever the timing), the naive client does get 429s in
 * the burst, and after the backlog is delivered calcom-client's second instance serves no stale slot and no
 * acknowledged booking is missing. Nothing here asserts a latency, a hit ratio or the exit status. The cold start
 * with four instances is left to the full run: it adds nothing the burst does not exercise (same provider, same
 * layers) and would add 6 s of wall time.
 */
class LoadScenariosTest {
  private static final List<String> CLIENT_FIELDS = List.of("upstream_requests", "requests_429",
      "max_requests_any_60s_window", "limit", "hit_ratio", "duplicate_calls_prevented_ratio",
      "keys_invalidated_per_booking_median", "alternatives_upstream_calls_max", "p50_ms", "p95_ms", "failures",
      "stale_reads", "backlog_delivery_ms", "criteria_passed", "criteria", "upstream_per_minute_when_saturated",
      "local_refusals_by_operation", "stale_answers_under_overload");

  @TempDir
  Path out;

  @Test
  @Timeout(180) // generic-stack's second pass adds about half of the scenarios' wall time
  void shortRunWritesReportChartsAndSummary() throws Exception {
    assertThat(RedisEndpoint.unavailable())
        .as("burst-4-instances runs four instances on a real Redis (REDIS_URL, PATH or embedded)")
        .isEmpty();
    LoadScenarios.Options options = LoadScenarios.Options.parse(
        "burst", "burst-4-instances", "backlog", "normal-external-churn", "--short", "--seed", "7", "--out",
        out.toString());

    LoadScenarios.run(options);

    assertThat(out.resolve("report.md")).isRegularFile();
    assertThat(Files.readString(out.resolve("report.md"))).contains("random seed: **7**", "time scale: **60**");
    for (String chart : List.of("burst-requests-per-60s.png", "burst-hit-ratio.png", "burst-latency.png",
        "backlog-requests-per-60s.png", "backlog-latency.png")) {
      assertThat(out.resolve(chart)).isRegularFile();
      assertThat(Files.size(out.resolve(chart))).isPositive();
    }

    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.path("seed").asLong()).isEqualTo(7);
    assertThat(summary.path("time_scale").asDouble()).isEqualTo(60.0);
    assertThat(summary.path("multi_instance_time_scale").asDouble()).isEqualTo(20.0);
    JsonNode scenarios = summary.path("scenarios");
    for (String scenario : List.of("burst", "burst-4-instances", "backlog")) {
      assertThat(scenarios.path(scenario).path("status").asText()).isEqualTo("run");
      for (String client : List.of("naive", "generic-stack", "calcom-client")) {
        JsonNode side = scenarios.path(scenario).path(client);
        assertThat(side.isObject()).as(scenario + "/" + client).isTrue();
        for (String field : CLIENT_FIELDS) {
          assertThat(side.has(field)).as(scenario + "/" + client + " has " + field).isTrue();
        }
        assertThat(side.path("limit").asInt()).isEqualTo(120);
        assertThat(side.path("upstream_requests").asInt()).isPositive();
        assertThat(side.path("p95_ms").has("availability")).isTrue();
        assertThat(side.path("criteria").isArray()).isTrue();
        assertThat(side.path("criteria").size()).isPositive();
        for (JsonNode c : side.path("criteria")) {
          assertThat(c.has("name") && c.has("target") && c.has("measured") && c.has("status")).isTrue();
        }
      }
    }

    // issue 17: the generic stack runs beside the others, and every traffic scenario judges missed offers
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("| figure | naive | generic-stack | calcom-client |");
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("#### burst", "generic-stack (4 instances)");
    for (String client : List.of("naive", "generic-stack", "calcom-client")) {
      JsonNode side = scenarios.path("burst").path(client);
      assertThat(side.path("missed_offers").isNumber()).as(client + " measures missed offers").isTrue();
      assertThat(side.path("offers_judged").asLong()).as(client + " judged answers").isPositive();
    }
    assertThat(scenarios.path("burst").path("naive").path("missed_offers").asLong())
        .as("the naive client passes the fake's own answers on").isZero();
    assertThat(scenarios.path("burst-4-instances").path("generic-stack").path("instances").asInt()).isEqualTo(4);
    // issue 18: the naive client has no limiter, so no minute in which it ran short of budget
    assertThat(scenarios.path("burst").path("naive").path("upstream_per_minute_when_saturated").isNull()).isTrue();
    assertThat(scenarios.path("burst").path("generic-stack").path("local_refusals_by_operation").isObject())
        .isTrue();

    JsonNode burstNaive = scenarios.path("burst").path("naive");
    JsonNode burstCalcom = scenarios.path("burst").path("calcom-client");
    assertThat(burstNaive.path("requests_429").asLong()).as("the naive client runs into the limit").isPositive();
    assertThat(burstCalcom.path("requests_429").asLong()).as("calcom-client's limiter keeps it out").isZero();

    JsonNode burst4 = scenarios.path("burst-4-instances");
    assertThat(burst4.path("shared_layers").asText()).isEqualTo("redis");
    assertThat(burst4.path("time_scale").asDouble()).isEqualTo(20.0);
    assertThat(burst4.path("calcom-client").path("instances").asInt()).isEqualTo(4);
    assertThat(burst4.path("naive").path("requests_429").asLong()).as("the naive client runs into the limit")
        .isPositive();
    assertThat(burst4.path("calcom-client").path("requests_429").asLong())
        .as("four instances sharing one limiter through Redis get no 429").isZero();
    assertThat(burst4.path("calcom-client").path("max_requests_any_60s_window").asInt())
        .as("four instances together keep the key's window").isLessThanOrEqualTo(120);
    assertThat(Files.readString(out.resolve("report.md"))).contains("time scale: **60**", "instances: **20**");

    // The truth oracle (issue 12): no answer offered a time a completed booking had taken.
    for (String scenario : List.of("burst", "burst-4-instances", "normal-external-churn")) {
      assertThat(scenarios.path(scenario).path("calcom-client").path("stale_offers").isNumber())
          .as(scenario + " measures stale offers").isTrue();
      assertThat(scenarios.path(scenario).path("calcom-client").has("booking_conflicts")).isTrue();
    }
    JsonNode churn = scenarios.path("normal-external-churn").path("calcom-client");
    assertThat(churn.path("stale_offers").asLong()).isZero();
    assertThat(churn.path("stale_offers_after_webhook").asLong()).isZero();
    assertThat(churn.path("stale_offer_max_age_s").asDouble())
        .isLessThanOrEqualTo(churn.path("stale_offer_ttl_s").asDouble() + 1);

    JsonNode backlog = scenarios.path("backlog").path("calcom-client");
    assertThat(backlog.path("instances").asInt()).isEqualTo(2);
    assertThat(backlog.path("requests_429").asLong()).isZero();
    assertThat(backlog.path("backlog_tags_at_restore").asInt()).as("bookings during the outage queued").isPositive();
    assertThat(backlog.path("backlog_delivery_ms").isNumber()).as("the backlog was delivered").isTrue();
    assertThat(backlog.path("stale_reads").asLong()).isZero();
    assertThat(backlog.path("bookings_lost").asLong()).isZero();
  }

  @Test
  void sameSeedSameTrafficDraws() {
    assertThat(TrafficRunner.mix(42, 1, 2)).isEqualTo(TrafficRunner.mix(42, 1, 2));
    assertThat(TrafficRunner.mix(42, 1, 2)).isNotEqualTo(TrafficRunner.mix(43, 1, 2));
  }

  @Test
  void desiredStartsAreOnTheHalfHourWithinOfficeHours() {
    java.time.LocalDate day = java.time.LocalDate.of(2030, 1, 7);
    assertThat(TrafficRunner.desiredStart(day, 0.0).atZone(TrafficRunner.ZONE).toLocalTime())
        .isEqualTo(java.time.LocalTime.of(9, 0));
    assertThat(TrafficRunner.desiredStart(day, 0.999).atZone(TrafficRunner.ZONE).toLocalTime())
        .isEqualTo(java.time.LocalTime.of(16, 30));
  }
}
