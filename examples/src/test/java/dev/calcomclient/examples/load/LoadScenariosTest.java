package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the short (CI) variant of two scenarios at a high time scale so that the harness cannot rot: the files are
 * written and {@code summary.json} has the shape and fields of issue 8. Deliberately asserts nothing that depends on
 * wall-clock speed (no criterion outcome, no latency, no exit status).
 */
class LoadScenariosTest {
  private static final List<String> CLIENT_FIELDS = List.of("upstream_requests", "requests_429",
      "max_requests_any_60s_window", "limit", "hit_ratio", "duplicate_calls_prevented_ratio",
      "keys_invalidated_per_booking_median", "alternatives_upstream_calls_max", "p50_ms", "p95_ms", "failures",
      "stale_reads", "backlog_delivery_ms", "criteria_passed", "criteria");

  @TempDir
  Path out;

  @Test
  @Timeout(120)
  void shortRunWritesReportChartsAndSummary() throws Exception {
    LoadScenarios.Options options = LoadScenarios.Options.parse(
        "normal", "burst-4-instances", "backlog", "--short", "--time-scale", "120", "--seed", "7",
        "--out", out.toString());

    LoadScenarios.run(options);

    assertThat(out.resolve("report.md")).isRegularFile();
    assertThat(Files.readString(out.resolve("report.md"))).contains("random seed: **7**", "time scale: **120**");
    for (String chart : List.of("normal-requests-per-60s.png", "normal-hit-ratio.png", "normal-latency.png",
        "backlog-requests-per-60s.png", "backlog-latency.png")) {
      assertThat(out.resolve(chart)).isRegularFile();
      assertThat(Files.size(out.resolve(chart))).isPositive();
    }

    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.path("seed").asLong()).isEqualTo(7);
    assertThat(summary.path("time_scale").asDouble()).isEqualTo(120.0);
    JsonNode scenarios = summary.path("scenarios");
    assertThat(scenarios.path("burst-4-instances").path("status").asText()).isEqualTo("not run");
    assertThat(scenarios.path("burst-4-instances").path("reason").asText()).isNotBlank();
    for (String scenario : List.of("normal", "backlog")) {
      for (String client : List.of("naive", "calcom-client")) {
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
    assertThat(scenarios.path("backlog").path("calcom-client").path("criteria").toString())
        .contains("backlog_delivery_ms", "not run");
  }

  @Test
  void sameSeedSameTrafficDraws() {
    assertThat(TrafficRunner.mix(42, 1, 2)).isEqualTo(TrafficRunner.mix(42, 1, 2));
    assertThat(TrafficRunner.mix(42, 1, 2)).isNotEqualTo(TrafficRunner.mix(43, 1, 2));
  }
}
