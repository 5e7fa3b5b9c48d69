package dev.calcomclient.alternatives;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's alternative-search acceptance through {@code client.alternatives()} and the real slot cache: a search on a
 * cold cache costs at most one {@code GET /v2/slots} in the fake's journal, the same search warm costs none, and the
 * answer equals the brute-force search over the fake's slots (fetched by a second client without a cache).
 */
class AlternativesThroughClientCacheTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final Instant NOW = Instant.parse(FakeCalcomClients.NOW);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;
  private CalcomClient client;
  private CalcomClient truth;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client = clientWith(CacheConfig.builder().loadEventTypeMetadata(false).build());
    truth = clientWith(CacheConfig.disabled());
  }

  private CalcomClient clientWith(CacheConfig cache) {
    // The fake's clock stands still, so the client's own bucket would never refill; the fake's 120/60 s still holds.
    return FakeCalcomClients.onClock(fake, clock, cache)
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    truth.close();
    fake.close();
  }

  @Test
  void coldSearchCostsAtMostOneSlotsRequestWarmSearchNoneAndTheAnswerMatchesBruteForce() {
    fake.seedBooking(
        DefaultDataset.INTRO_CALL_ID, local("2050-09-05T10:00"), "Taken Already", "taken@example.com");
    client.eventTypes().get(DefaultDataset.INTRO_CALL_ID); // minimum notice becomes known to the finder
    AlternativeOptions options = AlternativeOptions.builder().timeZone(BERLIN).count(5).build();
    List<Instant> desired =
        List.of(local("2050-09-05T10:00"), local("2050-09-06T15:30"), local("2050-09-09T16:30"));
    List<Instant> all = fetchAllFromTruth(DefaultDataset.INTRO_CALL_ID);

    for (Instant want : desired) {
      fake.clearJournal();
      Alternatives cold = client.alternatives().find(DefaultDataset.INTRO_CALL_ID, want, options);
      assertThat(callsTo(fake, SLOTS)).as("cold search for %s", want).hasSizeLessThanOrEqualTo(1);

      fake.clearJournal();
      Alternatives warm = client.alternatives().find(DefaultDataset.INTRO_CALL_ID, want, options);
      assertThat(callsTo(fake, SLOTS)).as("warm search for %s", want).isEmpty();
      assertThat(warm.upstreamCalls()).isZero();

      BruteForceAlternatives.Expected expected =
          BruteForceAlternatives.search(all, NOW.plus(Duration.ofMinutes(60)), want, options);
      // The cache holds range-format slots, so its proposals also carry an end; starts, labels and distances match.
      assertThat(summary(cold)).as("cold answer for %s", want).isEqualTo(summary(expected.alternatives()));
      assertThat(summary(warm)).as("warm answer for %s", want).isEqualTo(summary(expected.alternatives()));
      assertThat(warm.alternatives()).allSatisfy(a -> assertThat(a.slot().end()).isNotNull());
      assertThat(cold.desiredAvailable()).isEqualTo(expected.desiredAvailable());
    }
    assertThat(client.alternatives().find(DefaultDataset.INTRO_CALL_ID, desired.get(0), options).desiredAvailable())
        .as("Monday 10:00 Berlin is taken")
        .isFalse();
  }

  private List<Instant> fetchAllFromTruth(long eventTypeId) {
    List<Instant> out = new ArrayList<>();
    truth
        .slots()
        .find(SlotQuery.forEventType(eventTypeId).between(NOW, NOW.plus(Duration.ofDays(61))).timeZone("UTC").build())
        .all()
        .forEach(slot -> out.add(slot.startInstant()));
    fake.clearJournal();
    return out;
  }

  private static List<String> summary(Alternatives found) {
    return summary(found.alternatives());
  }

  private static List<String> summary(List<Alternative> found) {
    return found.stream().map(a -> a.slot().start() + " " + a.strategy() + " " + a.distance()).toList();
  }

  private static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
  }
}
