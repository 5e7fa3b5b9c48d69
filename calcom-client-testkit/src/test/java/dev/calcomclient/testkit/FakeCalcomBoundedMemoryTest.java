package dev.calcomclient.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * A long run against the fake: what it holds per request (its journal, MockWebServer's recorded requests, the
 * throttler's request times) levels off instead of growing with every request.
 */
class FakeCalcomBoundedMemoryTest {
  private static final int CAPACITY = 300;

  @Test
  void aLongRunKeepsTheJournalAtItsCapacityAndNothingPilesUpInMockWebServer() throws Exception {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake =
        FakeCalcom.builder().withDefaultData().clock(clock).journalCapacity(CAPACITY).build().start()) {
      CalcomHttp http = CalcomHttp.withApiKey(fake);
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        assertThat(http.get("/v2/me").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1)); // one request a second: never throttled
        if (i % 500 == 499) {
          held.add(recordedByMockWebServer(fake) + fake.journal().size());
        }
      }

      assertThat(fake.requestCount()).isEqualTo(1500);
      assertThat(fake.journal()).hasSize(CAPACITY);
      assertThat(fake.requestsDroppedFromJournal()).isEqualTo(1500 - CAPACITY);
      assertThat(fake.journal().get(0).time()).as("the oldest held is the 1201st request")
          .isEqualTo(java.time.Instant.parse("2030-01-06T12:20:00Z"));
      // MockWebServer's own queue is drained as requests arrive (at most the last one can still be in it)
      assertThat(held).allSatisfy(h -> assertThat(h).isBetween(CAPACITY, CAPACITY + 1));
      assertThat(fake.rateLimitUsage(fake.apiKey()).requests()).isEqualTo(1500);
    }
  }

  @Test
  void keepEntireJournalKeepsEveryRequest() {
    FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).journalCapacity(10)
        .keepEntireJournal().build().start()) {
      CalcomHttp http = CalcomHttp.withApiKey(fake);
      for (int i = 0; i < 50; i++) {
        http.get("/v2/me");
      }
      assertThat(fake.journal()).hasSize(50);
      assertThat(fake.requestsDroppedFromJournal()).isZero();
    }
  }

  /** The size of MockWebServer's queue of requests not yet taken (a private field: nothing public reports it). */
  private static int recordedByMockWebServer(FakeCalcom fake) throws ReflectiveOperationException {
    Field serverField = FakeCalcom.class.getDeclaredField("server");
    serverField.setAccessible(true);
    MockWebServer server = (MockWebServer) serverField.get(fake);
    Field queueField = MockWebServer.class.getDeclaredField("requestQueue");
    queueField.setAccessible(true);
    return ((Queue<?>) queueField.get(server)).size();
  }
}
