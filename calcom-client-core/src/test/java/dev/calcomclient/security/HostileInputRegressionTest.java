package dev.calcomclient.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One regression test per input defect (issue 14 defects 5 and 8, issue 12 defects 6 and 8), named after what broke,
 * through the public API against the fake: each bad input is a {@link ValidationException} naming the field and
 * nothing reaches Cal.com.
 */
class HostileInputRegressionTest {
  private static final Instant NOW = Instant.parse(FakeCalcomClients.NOW);
  private static final Instant START = Instant.parse("2050-09-05T07:00:00Z");

  // One fake per test: a background load of an earlier test's client cannot reach this test's fake.
  @RegisterExtension final FakeCalcomExtension fakeExtension = FakeCalcomExtension.withDefaultData();

  private FakeCalcom fake;
  private FakeClock clock;
  private CalcomClient client;
  private int requestsBefore;

  @BeforeEach
  void setUp() {
    fake = fakeExtension.get();
    requestsBefore = fake.requestCount();
    clock = FakeClock.at(NOW);
    client = FakeCalcomClients.onClock(fake, clock, CacheConfig.defaults()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private ValidationException refused(ThrowingCallable call, String field) {
    ValidationException e = catchThrowableOfType(ValidationException.class, call);
    assertThat(e).as("a ValidationException").isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(fake.requestCount() - requestsBefore).as("requests that reached Cal.com").isZero();
    return e;
  }

  /** The call was not refused locally: it failed with something else, or succeeded. */
  private static void notRefusedLocally(Throwable failure) {
    if (failure != null) {
      assertThat(failure).isNotInstanceOf(ValidationException.class);
    }
  }

  private static Attendee ada() {
    return Attendee.withEmail("Ada", "ada@example.com", "Europe/London");
  }

  // ---- issue 14, defect 5 --------------------------------------------------------------------------------------

  @Test
  void slotQueryWithInstantMinOrMaxThrewDateTimeException() {
    refused(() -> client.slots().find(SlotQuery.forEventType(101).between(Instant.MIN, START).build()), "start");
    refused(() -> client.slots().find(SlotQuery.forEventType(101).between(START, Instant.MAX).build()), "end");
    refused(
        () -> SlotQuery.forEventType(101).between(Instant.parse("-999999999-01-01T00:00:00Z"), START).build(),
        "start");
  }

  @Test
  void aSevenHundredFortyThousandDaySlotRangeWasAcceptedAndSent() {
    ValidationException e =
        refused(
            () -> client.slots().find(
                SlotQuery.forEventType(101).between(START, START.plus(Duration.ofDays(740_000))).build()),
            "end");
    assertThat(e.rule()).contains("366 days");
    // A year is what Cal.com answers: still accepted.
    SlotQuery year = SlotQuery.forEventType(101).between(START, START.plus(Duration.ofDays(366))).build();
    assertThat(year.end()).isEqualTo(START.plus(Duration.ofDays(366)));
  }

  @Test
  void nullGuestsMetadataOrBookingFieldAnswersThrewNullPointerException() {
    refused(() -> CreateBookingRequest.builder().guests(null), "guests");
    refused(() -> CreateBookingRequest.builder().metadata(null), "metadata");
    refused(() -> CreateBookingRequest.builder().bookingFieldsResponses(null), "bookingFieldsResponses");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    refused(() -> CreateBookingRequest.builder().metadata(nullKey), "metadata");
  }

  @Test
  void aNullKeyOrASelfReferencingBookingFieldAnswerThrewIllegalArgumentOrStackOverflow() {
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    Map<String, Object> self = new HashMap<>();
    self.put("me", self);
    Map<String, Object> nestedNullKey = new HashMap<>();
    Map<String, Object> inner = new HashMap<>();
    inner.put(null, 1);
    nestedNullKey.put("outer", inner);
    List<Object> loop = new ArrayList<>();
    loop.add(loop);

    refused(() -> CreateBookingRequest.builder().bookingFieldsResponses(nullKey), "bookingFieldsResponses");
    for (Map<String, Object> answers : List.of(self, nestedNullKey, Map.<String, Object>of("loop", loop))) {
      ValidationException e =
          catchThrowableOfType(
              ValidationException.class,
              () -> client.bookings().create(
                  CreateBookingRequest.builder()
                      .eventTypeId(101)
                      .start(START)
                      .attendee(ada())
                      .bookingFieldsResponses(answers)
                      .build()));
      assertThat(e).as("a ValidationException for %s", answers.keySet()).isNotNull();
      assertThat(e.field()).startsWith(e0Field(answers));
    }
    assertThat(fake.requestCount() - requestsBefore).isZero();
    // Valid nested answers are kept, as an immutable deep copy.
    Map<String, Object> ok = new HashMap<>(Map.of("notes", "hi", "choices", List.of("a", "b"), "n", 3));
    CreateBookingRequest r =
        CreateBookingRequest.builder().eventTypeId(101).start(START).attendee(ada()).bookingFieldsResponses(ok).build();
    ok.put("notes", "changed");
    assertThat(r.bookingFieldsResponses()).containsEntry("notes", "hi").containsEntry("choices", List.of("a", "b"));
  }

  private static String e0Field(Map<String, Object> answers) {
    return "bookingFieldsResponses." + answers.keySet().iterator().next();
  }

  @Test
  void emailsWithDoubleDotsOrANulWereAccepted() {
    for (String bad : List.of("a@b..co", "ada\u0000@example.com", "ada@example.com\u0000", "a..b@example.com",
        ".ada@example.com", "ada.@example.com", "ada@-example.com", "x".repeat(65) + "@example.com")) {
      refused(() -> Attendee.withEmail("Ada", bad, "Europe/London"), "attendee.email");
    }
    for (String good : List.of("ada@example.com", "ada.lovelace+cal@mail.example.co.uk", "o'brien@example.ie",
        "jürgen@beispiel.de")) {
      assertThat(Attendee.withEmail("Ada", good, "Europe/London").email()).isEqualTo(good);
    }
  }

  @Test
  void validationMessagesQuotedTheWholeOffendingInput() {
    String hostile = "\u001b[2J" + "evil\r\nINFO forged log line ".repeat(500);

    ValidationException e = refused(() -> Attendee.withEmail("Ada", hostile, "Europe/London"), "attendee.email");

    assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b");
    assertThat(e.getMessage()).contains("\\u001b").contains("(" + hostile.length() + " characters)");
  }

  // ---- issue 14, defect 8: one zone rule -----------------------------------------------------------------------

  @Test
  void fixedOffsetZonesWereAcceptedByAlternativesButRefusedBySlotQuery() {
    ZoneId plusTwo = ZoneOffset.ofHours(2);
    SlotQuery q = SlotQuery.forEventType(101).between(START, START.plusSeconds(3600)).timeZone(plusTwo).build();
    AlternativeOptions o = AlternativeOptions.builder().timeZone(plusTwo).build();
    Attendee a = Attendee.withEmail("Ada", "ada@example.com", plusTwo);

    assertThat(q.timeZone()).isEqualTo(ZoneId.of("Etc/GMT-2"));
    assertThat(o.timeZone()).isEqualTo(ZoneId.of("Etc/GMT-2"));
    assertThat(a.timeZone()).isEqualTo(ZoneId.of("Etc/GMT-2"));
    ZoneId halfHour = ZoneOffset.ofHoursMinutes(5, 30);
    refused(() -> SlotQuery.forEventType(101).between(START, START).timeZone(halfHour).build(), "timeZone");
    refused(() -> AlternativeOptions.builder().timeZone(halfHour).build(), "timeZone");
    refused(() -> Attendee.withEmail("Ada", "ada@example.com", halfHour), "attendee.timeZone");
  }

  @Test
  void zoneOffsetUtcWasRefusedAsZ() {
    for (ZoneId utc : List.of(ZoneOffset.UTC, ZoneId.of("Z"), ZoneId.of("UTC"), ZoneId.of("GMT"), ZoneId.of("Etc/UTC"),
        ZoneId.of("UTC+00:00"), ZoneOffset.ofHours(0))) {
      assertThat(SlotQuery.forEventType(101).between(START, START).timeZone(utc).build().timeZone())
          .as(utc.getId())
          .isEqualTo(ZoneId.of("UTC"));
      assertThat(AlternativeOptions.builder().timeZone(utc).build().timeZone()).isEqualTo(ZoneId.of("UTC"));
      assertThat(Attendee.withEmail("Ada", "ada@example.com", utc).timeZone()).isEqualTo(ZoneId.of("UTC"));
    }
    for (String name : List.of("Z", "utc", "UTC", "gmt", "Etc/UTC", "+00:00")) {
      assertThat(SlotQuery.forEventType(101).between(START, START).timeZone(name).build().timeZone())
          .isEqualTo(ZoneId.of("UTC"));
    }
    SlotsResult r =
        client.slots().find(
            SlotQuery.forEventType(101).between(START, START.plus(Duration.ofDays(1))).timeZone(ZoneOffset.UTC).build());
    assertThat(r).isNotNull();
  }

  // ---- issue 12, defect 6: a start in the past -----------------------------------------------------------------

  @Test
  void aStartInThePastWasSent() {
    Instant twoMinutesAgo = NOW.minus(Duration.ofMinutes(2));

    refused(
        () -> client.bookings().create(
            CreateBookingRequest.builder().eventTypeId(101).start(twoMinutesAgo).attendee(ada()).build()),
        "start");
    refused(() -> client.bookings().reschedule("uid-x", RescheduleBookingRequest.to(twoMinutesAgo)), "start");
    refused(() -> client.slots().reserve(ReserveSlotRequest.of(101, twoMinutesAgo)), "slotStart");

    // The client's clock, not the system clock: moving the FakeClock back makes the same start valid locally.
    clock.set(twoMinutesAgo.minusSeconds(1));
    Throwable sent =
        catchThrowable(
            () -> client.bookings().reschedule("uid-x", RescheduleBookingRequest.to(twoMinutesAgo)));
    notRefusedLocally(sent);
    assertThat(fake.requestCount() - requestsBefore).isPositive();
  }

  @Test
  void theClockSkewToleranceIsConfigurable() {
    Instant thirtySecondsAgo = NOW.minusSeconds(30);
    Instant fiveMinutesAgo = NOW.minus(Duration.ofMinutes(5));
    try (CalcomClient strict =
            FakeCalcomClients.onClock(fake, clock, CacheConfig.defaults()).clockSkewTolerance(Duration.ZERO).build();
        CalcomClient lenient =
            FakeCalcomClients.onClock(fake, clock, CacheConfig.defaults())
                .clockSkewTolerance(Duration.ofMinutes(10))
                .build()) {
      refused(() -> strict.slots().reserve(ReserveSlotRequest.of(101, thirtySecondsAgo)), "slotStart");
      Throwable sent = catchThrowable(() -> lenient.slots().reserve(ReserveSlotRequest.of(101, fiveMinutesAgo)));
      notRefusedLocally(sent);
      Throwable withinDefault = catchThrowable(() -> client.slots().reserve(ReserveSlotRequest.of(101, thirtySecondsAgo)));
      notRefusedLocally(withinDefault);
    }
  }

  // ---- issue 12, defect 8: a local refusal said "Cal.com answered HTTP 429" ------------------------------------

  @Test
  void aLocalRateLimitRefusalSaidCalcomAnswered429() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .addHeader("X-RateLimit-Reset-Default", "60")
              .addHeader("Content-Type", "application/json")
              .body("{\"status\":\"error\",\"error\":{\"code\":\"ThrottlerException\",\"message\":\"Too Many Requests\"}}")
              .build());
      try (CalcomClient c =
          CalcomClient.builder()
              .apiKey("cal_test_0123456789abcdef")
              .baseUrl(server.url("/").toString())
              .retryPolicy(RetryPolicy.disabled())
              .cache(CacheConfig.disabled())
              .build()) {
        Throwable remote = catchThrowable(() -> c.me().get());
        Throwable local = catchThrowable(() -> c.me().get());

        assertThat(remote).isInstanceOf(RateLimitedException.class).hasMessageStartingWith("Cal.com answered HTTP 429");
        assertThat(((RateLimitedException) remote).isLocal()).isFalse();
        assertThat(local).isInstanceOf(RateLimitedException.class);
        RateLimitedException e = (RateLimitedException) local;
        assertThat(e.isLocal()).isTrue();
        assertThat(e.getMessage()).startsWith("Not sent: ").doesNotContain("Cal.com answered");
        assertThat(e.code()).isEqualTo(RateLimitedException.LOCAL_CODE);
        assertThat(e.status()).as("still catchable as a 429").isEqualTo(429);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
      }
    }
  }
}
