package dev.calcomclient.invalidate.internal;

import static dev.calcomclient.invalidate.EventTypeFixture.personal;
import static dev.calcomclient.invalidate.EventTypeFixture.team;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.invalidate.EventTypeFixture;
import dev.calcomclient.model.SchedulingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DependencyIndexTest {
  private final DependencyIndex index = new DependencyIndex();

  @Test
  void answersTheTypesSharingAnyOfTheHosts() {
    index.accept(personal(101, 1).build());
    index.accept(personal(104, 2).build());
    index.accept(personal(105, 3).build());
    index.accept(team(201, 21, SchedulingType.ROUND_ROBIN, 1, 2).build());

    assertThat(index.sharingAnyHost(Set.of(1L))).containsExactlyInAnyOrder(101L, 201L);
    assertThat(index.sharingAnyHost(Set.of(2L, 3L))).containsExactlyInAnyOrder(104L, 105L, 201L);
    assertThat(index.sharingAnyHost(Set.of(9L))).isEmpty();
  }

  @Test
  void keepsTheTimingLimitsAndFixedHostsOfEachType() {
    index.accept(
        personal(102, 1).length(15).lengthOptions(15, 45).buffers(5, 10).countLimit("PER_WEEK", 3).build());
    index.accept(team(201, 21, SchedulingType.ROUND_ROBIN, 2).mandatoryHost(1).build());

    EventTypeFacts f = index.get(102).orElseThrow();
    assertThat(f.maxLengthMinutes()).isEqualTo(45);
    assertThat(f.beforeBufferMinutes()).isEqualTo(5);
    assertThat(f.afterBufferMinutes()).isEqualTo(10);
    assertThat(f.limitedPeriods()).containsExactly("week");
    assertThat(f.fixedHosts()).containsExactly(1L);
    EventTypeFacts rr = index.get(201).orElseThrow();
    assertThat(rr.hosts()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(rr.fixedHosts()).containsExactly(1L);
    assertThat(rr.teamId()).isEqualTo(21L);
  }

  @Test
  void newerMetadataReplacesOlder() {
    index.accept(personal(101, 1).build());
    index.accept(personal(101, 2).length(60).build());

    assertThat(index.sharingAnyHost(Set.of(1L))).isEmpty();
    assertThat(index.sharingAnyHost(Set.of(2L))).containsExactly(101L);
    assertThat(index.get(101).orElseThrow().maxLengthMinutes()).isEqualTo(60);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void typesWithoutHostIdsAreListedAsSuch() {
    index.accept(EventTypeFixture.withoutHostIds(300).build());
    index.accept(personal(101, 1).build());

    assertThat(index.withUnknownHosts()).containsExactly(300L);

    index.accept(personal(300, 1).build());
    assertThat(index.withUnknownHosts()).isEmpty();
  }

  @Test
  void concurrentUpdatesLeaveEveryTypeUnderItsLatestHost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int t = thread;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 500; i++) {
                    long id = 1000 + t * 500 + i;
                    index.accept(personal(id, 1).build());
                    index.accept(personal(id, 2).build());
                    index.sharingAnyHost(Set.of(1L, 2L));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(index.size()).isEqualTo(2000);
    assertThat(index.sharingAnyHost(Set.of(1L))).isEmpty();
    assertThat(index.sharingAnyHost(Set.of(2L))).hasSize(2000);
  }
}
