package dev.calcomclient.cache;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotReservation;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: a slot reservation made through the client did not touch the cache, so the next query offered the held
 * slot from L1 although Cal.com (and the fake) no longer list it. Reserving, moving and releasing now invalidate.
 */
class ReservationInvalidatesCacheTest {
  private static final Instant MONDAY = Instant.parse("2050-09-05T00:00:00Z");

  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;
  private CalcomClient client;
  private CalcomClient truth;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client = client(CacheConfig.builder().loadEventTypeMetadata(false).build());
    truth = client(CacheConfig.disabled());
  }

  private CalcomClient client(CacheConfig cache) {
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
  void reservingMovingAndReleasingASlotKeepTheCachedDayEqualToCalcom() {
    Slot first = monday(client).all().get(0);
    Slot second = monday(client).all().get(3);
    assertThat(monday(client).source()).isEqualTo(SlotsSource.L1);

    SlotReservation held =
        client.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, first.startInstant()));
    SlotsResult afterReserve = monday(client);
    assertThat(afterReserve.all()).extracting(Slot::startInstant).doesNotContain(first.startInstant());
    assertThat(afterReserve).isEqualTo(monday(truth));

    client
        .slots()
        .updateReservation(
            held.reservationUid(), ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, second.startInstant()));
    SlotsResult afterMove = monday(client);
    assertThat(afterMove.all())
        .extracting(Slot::startInstant)
        .contains(first.startInstant())
        .doesNotContain(second.startInstant());
    assertThat(afterMove).isEqualTo(monday(truth));

    client.slots().deleteReservation(held.reservationUid());
    SlotsResult afterRelease = monday(client);
    assertThat(afterRelease.all()).extracting(Slot::startInstant).contains(first.startInstant(), second.startInstant());
    assertThat(afterRelease).isEqualTo(monday(truth));
  }

  private static SlotsResult monday(CalcomClient c) {
    return c.slots()
        .find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(MONDAY, MONDAY.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone("UTC")
                .build());
  }
}
