package dev.calcomclient.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.EventTypeFixture;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.RecordingInvalidationTarget;
import dev.calcomclient.invalidate.internal.Invalidators;
import dev.calcomclient.invalidate.internal.SmartInvalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The catalog on a manual clock and scheduler: one load per id, retries in seconds, scheduled refresh, honesty. */
class EventTypeCatalogTest {
  private static final long ET = 101;
  private static final long ALICE = 7;
  /** A Wednesday; its Monday-based week is 2050-09-05 .. 2050-09-11. */
  private static final Instant WED_10 = Instant.parse("2050-09-07T10:00:00Z");

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final List<Instant> loadTimes = new ArrayList<>();
  private final List<Priority> lanes = new ArrayList<>();
  /** Scripted answers of the loader, one per load; when empty, the event type is answered. */
  private final Deque<Supplier<CompletableFuture<Optional<EventType>>>> script = new ArrayDeque<>();
  private EventType answer = EventTypeFixture.personal(ET, ALICE).build();

  private EventTypeCatalog catalog() {
    return new EventTypeCatalog(
        (id, lane) -> {
          loadTimes.add(s.now());
          lanes.add(lane);
          Supplier<CompletableFuture<Optional<EventType>>> next = script.poll();
          return next != null ? next.get() : CompletableFuture.completedFuture(Optional.of(answer));
        },
        Duration.ofMinutes(15),
        s.clock(),
        s);
  }

  private static Supplier<CompletableFuture<Optional<EventType>>> refused(Duration retryAfter) {
    return () -> CompletableFuture.failedFuture(RateLimitedException.local("background lane refused", retryAfter));
  }

  @Test
  void aWeeklyLimitsWeekStaysOfferedAfterTheLimitWasReachedWhenTheFirstBackgroundLoadIsRefused() {
    answer = EventTypeFixture.personal(ET, ALICE).countLimit("week", 2).build();
    script.add(refused(Duration.ofMillis(200)));
    EventTypeCatalog catalog = catalog();
    RecordingInvalidationTarget target = new RecordingInvalidationTarget();
    target.cache(new SlotKey(ET, SlotKey.DEFAULT_DIMS, LocalDate.parse("2050-09-10")));
    SmartInvalidator invalidator =
        Invalidators.create(
                target, catalog, InvalidationConfig.defaults(), s.clock(), s, new CalcomEventListener() {})
            .invalidator();

    catalog.need(ET); // the slot cache serves ET's slots; the busy client refuses the first background load
    s.runDue();
    assertThat(loadTimes).hasSize(1);
    assertThat(catalog.get(ET)).as("unknown after the refusal, not a default").isEmpty();

    s.advance(Duration.ofSeconds(2));
    assertThat(loadTimes).as("retried within seconds, not after the metadata TTL").hasSize(2);
    assertThat(catalog.get(ET)).isPresent();

    // The weekly limit is reached by this booking: every day of its week must be dropped, Saturday included.
    Set<SlotTag> tags =
        invalidator.plan(BookingChange.created("b1", ET, WED_10, WED_10.plusSeconds(1800), Set.of(ALICE))).tags();
    assertThat(tags).contains(new SlotTag(ET, LocalDate.parse("2050-09-05")), new SlotTag(ET, LocalDate.parse(
        "2050-09-10")), new SlotTag(ET, LocalDate.parse("2050-09-11")));
    invalidator.close();
  }

  @Test
  void anUnknownEventTypeIsEmptyNeverADefault() {
    EventTypeCatalog catalog = catalog();
    assertThat(catalog.get(ET)).isEmpty();
    catalog.need(ET);
    assertThat(catalog.get(ET)).as("loads run in the background, not on the caller's path").isEmpty();
    s.runDue();
    assertThat(catalog.get(ET)).contains(answer);
  }

  @Test
  void manyNeedsOfOneIdLoadItOnce() {
    EventTypeCatalog catalog = catalog();
    for (int i = 0; i < 10; i++) {
      catalog.need(ET);
    }
    s.runDue();
    catalog.need(ET);
    s.runDue();
    assertThat(loadTimes).hasSize(1);
  }

  @Test
  void failedLoadsAreRetriedWithBackoffInSecondsAndARefusalWaitsForItsToken() {
    script.add(() -> CompletableFuture.failedFuture(new ServerErrorException(503, null, "down", null, null)));
    script.add(() -> CompletableFuture.failedFuture(new ServerErrorException(503, null, "down", null, null)));
    script.add(refused(Duration.ofSeconds(9)));
    script.add(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    EventTypeCatalog catalog = catalog();
    Instant start = s.now();
    catalog.need(ET);
    s.advance(Duration.ofMinutes(1));
    assertThat(loadTimes)
        .extracting(t -> Duration.between(start, t).toSeconds())
        .as("1 s, then 2 s, then the refusal's 9 s (more than 4 s), then 8 s")
        .containsExactly(0L, 1L, 3L, 12L, 20L);
    assertThat(lanes)
        .as("one try in the background lane, then the standard lane, where a load may wait for a token")
        .containsExactly(
            Priority.BACKGROUND, Priority.STANDARD, Priority.STANDARD, Priority.STANDARD, Priority.STANDARD);
    assertThat(catalog.get(ET)).isPresent();
    assertThat(catalog.pending(ET)).isFalse();
  }

  @Test
  void aCurrentEventTypeIsRefreshedOnScheduleOnlyWhileItIsUsed() {
    EventTypeCatalog catalog = catalog();
    catalog.need(ET);
    s.runDue();
    catalog.need(ET); // used after the load
    s.advance(Duration.ofMinutes(15));
    assertThat(loadTimes).as("refreshed after the interval because it was used").hasSize(2);
    s.advance(Duration.ofMinutes(60));
    assertThat(loadTimes).as("not used since: not refreshed").hasSize(2);
    assertThat(catalog.get(ET)).as("what was learnt stays known").isPresent();
    catalog.need(ET);
    s.runDue();
    assertThat(loadTimes).as("out of date when used again: reloaded").hasSize(3);
  }

  @Test
  void subscribersSeeRecordedAndLoadedEventTypes() {
    EventTypeCatalog catalog = catalog();
    List<Long> seen = new ArrayList<>();
    catalog.subscribe(et -> seen.add(et.id()));
    catalog.subscribe(et -> {
      throw new IllegalStateException("a broken subscriber is ignored");
    });
    catalog.record(EventTypeFixture.personal(202, ALICE).build());
    catalog.need(ET);
    s.runDue();
    assertThat(seen).containsExactly(202L, ET);
  }

}
