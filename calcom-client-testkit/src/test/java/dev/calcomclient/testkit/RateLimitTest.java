package dev.calcomclient.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cal.com's rate limit as the fake applies it, over HTTP (issue 3 acceptance). */
class RateLimitTest {
  private static final String SECOND_KEY = "cal_test_second_key";
  private static final String THROTTLED = "CustomThrottlerGuard - Too many requests. Please try again later.";

  private static FakeCalcom fake(FakeClock clock, double scale) {
    return FakeCalcom.builder().withDefaultData().clock(clock).timeScale(scale)
        .addApiKey(SECOND_KEY, DefaultDataset.BOB_ID).build().start();
  }

  private static List<Reply> get(CalcomHttp http, int n) {
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(http.get("/v2/me"));
    }
    return replies;
  }

  /** Moves the fake clock by a simulated duration. */
  private static void advance(FakeClock clock, Duration simulated, double scale) {
    clock.advance(Duration.ofNanos(Math.round(simulated.toNanos() / scale)));
  }

  @ParameterizedTest(name = "time scale {0}")
  @ValueSource(doubles = {1, 60})
  void limitBlockAndIndependentKeysGiveTheSameCountsAtAnyTimeScale(double scale) {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = fake(clock, scale)) {
      CalcomHttp first = CalcomHttp.withApiKey(fake);
      CalcomHttp second = CalcomHttp.anonymous(fake);

      List<Reply> replies = get(first, 120);
      advance(clock, Duration.ofSeconds(30), scale);
      replies.addAll(get(first, 10));

      assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(120);
      List<Reply> rejected = replies.subList(120, 130);
      assertThat(rejected).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.errorCode()).isEqualTo("ThrottlerException");
        assertThat(r.errorMessage()).isEqualTo(THROTTLED);
        assertThat(r.json().path("error").path("details").asText()).isEqualTo(THROTTLED);
        assertThat(r.json().get("path").asText()).isEqualTo("/v2/me");
        assertThat(r.headers().get("X-RateLimit-Limit-Default")).isEqualTo("120");
        assertThat(r.headers().get("X-RateLimit-Remaining-Default")).isEqualTo("0");
        assertThat(r.headers().get("X-RateLimit-Reset-Default")).isEqualTo("60");
        assertThat(r.headers().get("Retry-After")).isNull();
      });
      assertThat(replies.get(0).headers().get("X-RateLimit-Remaining-Default")).isEqualTo("119");
      assertThat(replies.get(0).headers().get("X-RateLimit-Reset-Default")).isEqualTo("60");
      assertThat(replies.get(119).headers().get("X-RateLimit-Remaining-Default")).isEqualTo("0");

      // another key has its own budget while the first one is blocked
      Reply other = second.get("/v2/me", "Authorization", "Bearer " + SECOND_KEY);
      assertThat(other.status()).isEqualTo(200);
      assertThat(other.headers().get("X-RateLimit-Remaining-Default")).isEqualTo("119");

      // t = 61 s: the window has ended but the block (from t = 30 s) lasts until t = 90 s
      advance(clock, Duration.ofSeconds(31), scale);
      Reply stillBlocked = first.get("/v2/me");
      assertThat(stillBlocked.status()).isEqualTo(429);
      assertThat(stillBlocked.headers().get("X-RateLimit-Reset-Default")).isEqualTo("29");

      advance(clock, Duration.ofSeconds(29), scale);
      Reply free = first.get("/v2/me");
      assertThat(free.status()).isEqualTo(200);
      assertThat(free.headers().get("X-RateLimit-Remaining-Default")).isEqualTo("119");

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      assertThat(usage.tracker()).startsWith("api_key_").doesNotContain(fake.apiKey());
      assertThat(usage.requests()).isEqualTo(132);
      assertThat(usage.violations()).isEqualTo(11);
      assertThat(usage.maxInAnyWindow()).isEqualTo(130);
      assertThat(usage.exceededLimit()).isTrue();
      RateLimitUsage otherUsage = fake.rateLimitUsage(SECOND_KEY);
      assertThat(otherUsage.requests()).isEqualTo(1);
      assertThat(otherUsage.violations()).isZero();
      assertThat(otherUsage.exceededLimit()).isFalse();
      assertThat(fake.requests().maxInAnyWindow(Duration.ofSeconds(60),
          c -> c.sentCredential(fake.apiKey()))).isEqualTo(130);
    }
  }

  @Test
  void errorsOfLaterStagesStillCarryTheHeadersAndCount() {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = fake(clock, 1)) {
      Reply notFound = CalcomHttp.withApiKey(fake).get("/v2/bookings/nope", "cal-api-version", "2024-08-13");
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.headers().get("X-RateLimit-Remaining-Default")).isEqualTo("119");
      Reply unknownRoute = CalcomHttp.withApiKey(fake).get("/v2/nothing-here");
      assertThat(unknownRoute.status()).isEqualTo(404);
      assertThat(unknownRoute.headers().get("X-RateLimit-Limit-Default")).as("Nest routes before guards").isNull();
      assertThat(fake.rateLimitUsage(fake.apiKey()).requests()).isEqualTo(1);
    }
  }

  @Test
  void perCredentialLimitsAndAnonymousCallers() {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock)
        .rateLimit(RateLimitPolicy.calcomDefaults().withLimit(FakeCalcom.DEFAULT_API_KEY, 3)
            .withDefaultLimit(RateLimitPolicy.CredentialKind.ANONYMOUS, 2))
        .build().start()) {
      assertThat(get(CalcomHttp.withApiKey(fake), 4)).extracting(Reply::status).containsExactly(200, 200, 200, 429);
      CalcomHttp anonymous = CalcomHttp.anonymous(fake);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        statuses.add(anonymous.get("/v2/event-types?username=alice", "cal-api-version", "2024-06-14").status());
      }
      assertThat(statuses).containsExactly(200, 200, 429);
      assertThat(fake.rateLimitUsages()).extracting(RateLimitUsage::tracker).contains("ip_127.0.0.1");
    }
  }

  @Test
  void atTimeScale60TheWholeCycleTakesOneSecondOfTheClock() {
    // The fake's own clock, moved by hand: a real clock made this depend on how fast a loaded machine ran the loop.
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).timeScale(60).build().start()) {
      CalcomHttp http = CalcomHttp.withApiKey(fake);
      List<Reply> burst = get(http, 121);
      assertThat(burst.subList(0, 120)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
      assertThat(burst.get(120).status()).isEqualTo(429);
      assertThat(burst.get(120).headers().get("X-RateLimit-Reset-Default")).isEqualTo("60"); // simulated seconds

      clock.advance(Duration.ofMillis(990)); // 59.4 simulated seconds: still blocked
      Reply blocked = http.get("/v2/me");
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.headers().get("X-RateLimit-Reset-Default")).isEqualTo("1");
      clock.advance(Duration.ofMillis(10)); // 60 simulated seconds of block = 1 s of the clock: over
      assertThat(http.get("/v2/me").status()).isEqualTo(200);
    }
  }
}
