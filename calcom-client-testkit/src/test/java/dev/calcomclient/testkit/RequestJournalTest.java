package dev.calcomclient.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestJournalTest {
  @Test
  void countsPerEndpointAndWindowInSimulatedTimeWithSecretsRedacted() {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).timeScale(60).build().start()) {
      CalcomHttp http = CalcomHttp.withApiKey(fake);
      for (int i = 0; i < 5; i++) {
        http.get("/v2/me");
      }
      clock.advance(Duration.ofMillis(500)); // 30 simulated seconds
      http.get("/v2/schedules", "cal-api-version", "2024-06-11");
      clock.advance(Duration.ofMillis(1000)); // 60 more
      http.get("/v2/me");
      http.get("/v2/unknown");
      CalcomHttp.anonymous(fake).get("/v2/me", "x-cal-client-id", fake.oauthClientId(),
          "x-cal-secret-key", fake.oauthClientSecret());

      RequestJournal journal = fake.requests();
      assertThat(journal.countsByEndpoint()).containsExactly(java.util.Map.entry("GET /v2/me", 7L),
          java.util.Map.entry("GET /v2/schedules", 1L), java.util.Map.entry(RequestJournal.UNROUTED, 1L));
      assertThat(journal.count("GET /v2/me")).isEqualTo(7);
      assertThat(journal.maxInAnyWindow(Duration.ofSeconds(60))).isEqualTo(6);
      assertThat(journal.countsPerWindow(Duration.ofSeconds(60))).containsExactly(6, 3);

      RecordedCall first = journal.calls().get(0);
      assertThat(first.header("Authorization")).isEqualTo("Bearer [redacted]");
      assertThat(first.sentCredential(fake.apiKey())).isTrue();
      assertThat(first.sentCredential("cal_other")).isFalse();
      assertThat(first.credential()).startsWith("api_key_");
      assertThat(first.endpoint()).isEqualTo("GET /v2/me");
      RecordedCall oauth = journal.calls().get(journal.size() - 1);
      assertThat(oauth.header("x-cal-secret-key")).isEqualTo("[redacted]");
      assertThat(oauth.sentCredential(fake.oauthClientId())).isTrue();
      assertThat(journal.calls()).noneMatch(c -> c.toString().contains(fake.apiKey())
          || c.toString().contains(fake.oauthClientSecret()));
    }
  }
}
