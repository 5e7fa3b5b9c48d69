package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Missed offers (issue 17) on a hand-made case: the fake's truth of the asked range, at answer time. */
class MissedOffersTest {
  private static final long INTRO_CALL = DefaultDataset.INTRO_CALL_ID;
  /** A Wednesday, two days after the fake's now: no minimum notice in the way. */
  private static final LocalDate DAY = LocalDate.of(2030, 1, 9);
  private static final Instant DAY_START = DAY.atStartOfDay(TrafficRunner.ZONE).toInstant();
  private static final Instant DAY_END = DAY.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();

  private final FakeCalcom fake = FakeCalcom.builder().withDefaultData()
      .clock(Clock.fixed(Instant.parse("2030-01-07T06:00:00Z"), ZoneOffset.UTC)).build();
  private final StaleOfferOracle oracle = new StaleOfferOracle(fake, new SimTime(60));

  private List<Instant> truth(LocalDate day) {
    Instant end = day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();
    return fake.availableStarts(INTRO_CALL, day.atStartOfDay(TrafficRunner.ZONE).toInstant(), end).stream()
        .filter(s -> s.isBefore(end)).toList();
  }

  @Test
  void missedOffersAreTheStartsOfTheAskedRangeTheAnswerLeftOut() {
    List<Instant> truth = truth(DAY);
    assertThat(truth).hasSizeGreaterThan(3);
    List<Instant> offered = new ArrayList<>(truth.subList(2, truth.size()));
    offered.add(truth(DAY.plusDays(1)).get(0)); // an extra start outside the range changes nothing

    oracle.lookupAnswered(INTRO_CALL, -1, 0, DAY_START, DAY_END, offered);

    assertThat(oracle.missedOffers()).isEqualTo(2);
    assertThat(oracle.truthOffers()).isEqualTo(truth.size());
  }

  @Test
  void onlyTheRangeTheClientWasAskedForIsJudged() {
    oracle.lookupAnswered(INTRO_CALL, -1, 0, DAY_START, DAY_END, truth(DAY));

    assertThat(oracle.missedOffers()).as("the fake's other days are not the client's to offer").isZero();
    assertThat(oracle.truthOffers()).isEqualTo(truth(DAY).size());
  }

  @Test
  void aStartTakenBeforeTheAnswerCameBackIsNotMissed() {
    List<Instant> before = truth(DAY);
    Instant taken = before.get(0);
    fake.seedBooking(INTRO_CALL, taken, "Someone", "someone@load.test");

    oracle.lookupAnswered(INTRO_CALL, -1, 0, DAY_START, DAY_END, before.subList(1, before.size()));

    assertThat(oracle.missedOffers()).as("judged against the truth when the answer came back").isZero();
    assertThat(oracle.truthOffers()).isEqualTo(before.size() - 1);
  }

  @Test
  void anEmptyAnswerMissesEveryStartOfTheRange() {
    oracle.lookupAnswered(INTRO_CALL, -1, 0, DAY_START, DAY_END, List.of());

    assertThat(oracle.missedOffers()).isEqualTo(truth(DAY).size()).isPositive();
  }
}
