package dev.calcomclient.alternatives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.calcomclient.alternatives.internal.DefaultAlternativesService;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The finder against a brute-force search written directly from the documented semantics (a scan over every slot,
 * no span, no sorted maps), over seeded random slot sets, clocks, zones (with DST changes and odd offsets),
 * desired times and options.
 */
class AlternativesBruteForceTest {
  private static final long ET = 7;
  private static final Instant BASE = Instant.parse("2050-01-01T00:00:00Z");
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("America/Los_Angeles"),
          ZoneId.of("America/St_Johns"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Asia/Kathmandu"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("Pacific/Chatham"),
          ZoneId.of("Pacific/Kiritimati"));
  private static final List<Duration> HORIZONS =
      List.of(
          Duration.ofHours(1),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7),
          Duration.ofDays(8),
          Duration.ofDays(14),
          Duration.ofDays(30),
          Duration.ofDays(60));
  private static final List<Duration> NOTICES =
      List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofDays(1), Duration.ofDays(3));

  private static final int WORLDS = 30;
  private static final int SEARCHES_PER_WORLD = 20;

  @Test
  void theFinderAgreesWithABruteForceSearchOverSixHundredRandomCases() {
    Random random = new Random(20500105L);
    Map<AlternativeStrategy, Integer> labelsSeen = new EnumMap<>(AlternativeStrategy.class);
    int desiredAvailable = 0;
    int empty = 0;
    for (int world = 0; world < WORLDS; world++) {
      Instant now = BASE.plus(Duration.ofMinutes(random.nextInt(330 * 24 * 60)));
      List<Instant> all = randomSlots(random, now.minus(Duration.ofDays(3)), now.plus(Duration.ofDays(80)));
      Clock clock = Clock.fixed(now, ZoneOffset.UTC);
      InMemorySlotDays source = new InMemorySlotDays(clock).add(ET, all);
      Integer knownNotice = switch (random.nextInt(4)) {
        case 0 -> null;
        case 1 -> 0;
        case 2 -> 45;
        default -> 1440;
      };
      boolean known = random.nextBoolean();
      if (known) {
        source.knownEventType(ET, knownNotice);
      }
      AlternativesService service = new DefaultAlternativesService(source, clock);

      for (int q = 0; q < SEARCHES_PER_WORLD; q++) {
        AlternativeOptions options = randomOptions(random);
        Instant desired = randomDesired(random, now, all);
        Duration notice =
            options.minimumNotice()
                .orElse(known && knownNotice != null ? Duration.ofMinutes(knownNotice) : Duration.ZERO);
        String scenario =
            "world " + world + ", search " + q + ": now " + now + ", desired " + desired + ", notice " + notice + ", "
                + options;
        int callsBefore = source.callCount();

        Alternatives actual = service.find(ET, desired, options);
        BruteForceAlternatives.Expected expected =
            BruteForceAlternatives.search(all, now.plus(notice), desired, options);

        assertThat(actual.desiredAvailable()).as(scenario).isEqualTo(expected.desiredAvailable());
        assertThat(actual.alternatives()).as(scenario).isEqualTo(expected.alternatives());
        assertThat(actual.desiredStart()).as(scenario).isEqualTo(desired.atZone(options.timeZone()));
        assertThat(source.callCount() - callsBefore)
            .as(scenario + ": one days call, none when the whole horizon is past or inside the notice")
            .isEqualTo(searchReachesTheFuture(now.plus(notice), desired, options) ? 1 : 0);

        desiredAvailable += expected.desiredAvailable() ? 1 : 0;
        empty += expected.alternatives().isEmpty() ? 1 : 0;
        expected.alternatives().forEach(a -> labelsSeen.merge(a.strategy(), 1, Integer::sum));
      }
    }
    // The random cases must exercise every path, or agreement proves little.
    assertThat(labelsSeen.keySet()).containsExactlyInAnyOrder(AlternativeStrategy.values());
    assertThat(labelsSeen.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(20));
    assertThat(desiredAvailable).isGreaterThanOrEqualTo(50);
    assertThat(empty).isBetween(10, WORLDS * SEARCHES_PER_WORLD / 3);
  }

  /** Whether some instant in the search is neither past the horizon nor before the first bookable instant. */
  private static boolean searchReachesTheFuture(Instant earliest, Instant desired, AlternativeOptions o) {
    Instant dayStart = desired.atZone(o.timeZone()).toLocalDate().atStartOfDay(o.timeZone()).toInstant();
    Instant from = earliest.isAfter(dayStart) ? earliest : dayStart;
    return from.isBefore(desired.plus(o.horizon()));
  }

  // ---- random inputs ----

  /** Days with no, sparse or dense slots on a quarter-hour grid, some shifted off the grid. */
  private static List<Instant> randomSlots(Random random, Instant from, Instant to) {
    double[] densities = {0, 0, 0.05, 0.15, 0.4};
    TreeSet<Instant> out = new TreeSet<>();
    for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
      double density = densities[random.nextInt(densities.length)];
      for (int quarter = 0; quarter < 96; quarter++) {
        if (random.nextDouble() < density) {
          Instant s = day.plus(Duration.ofMinutes(15L * quarter));
          out.add(random.nextInt(10) == 0 ? s.plus(Duration.ofMinutes(1 + random.nextInt(14))) : s);
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static Instant randomDesired(Random random, Instant now, List<Instant> all) {
    if (random.nextInt(3) == 0 && !all.isEmpty()) {
      return all.get(random.nextInt(all.size()));
    }
    Instant t = now.plus(Duration.ofMinutes(random.nextInt(27 * 24 * 60) - 2 * 24 * 60));
    return random.nextBoolean() ? t.truncatedTo(ChronoUnit.HOURS) : t;
  }

  private static AlternativeOptions randomOptions(Random random) {
    AlternativeOptions.Builder b =
        AlternativeOptions.builder()
            .timeZone(ZONES.get(random.nextInt(ZONES.size())))
            .count(random.nextInt(10) == 0 ? AlternativeOptions.MAX_COUNT : 1 + random.nextInt(8));
    b.horizon(
        random.nextInt(5) == 0
            ? Duration.ofMinutes(1 + random.nextInt(60 * 24 * 60))
            : HORIZONS.get(random.nextInt(HORIZONS.size())));
    if (random.nextBoolean()) {
      Set<DayOfWeek> workdays = EnumSet.noneOf(DayOfWeek.class);
      while (workdays.isEmpty()) {
        for (DayOfWeek d : DayOfWeek.values()) {
          if (random.nextInt(3) == 0) {
            workdays.add(d);
          }
        }
      }
      b.workdays(workdays);
    }
    if (random.nextBoolean()) {
      Set<AlternativeStrategy> strategies = EnumSet.noneOf(AlternativeStrategy.class);
      while (strategies.isEmpty()) {
        for (AlternativeStrategy s : AlternativeStrategy.values()) {
          if (random.nextBoolean()) {
            strategies.add(s);
          }
        }
      }
      b.strategies(strategies);
    }
    if (random.nextBoolean()) {
      b.minimumNotice(NOTICES.get(random.nextInt(NOTICES.size())));
    }
    return b.build();
  }

  @Test
  void theBruteForceItselfFollowsTheDocumentedRulesOnAHandWorkedCase() {
    // Wednesday 2050-01-05 10:00 UTC, all strategies, count 3.
    List<Instant> all =
        List.of(
            Instant.parse("2050-01-05T09:00:00Z"),
            Instant.parse("2050-01-05T12:00:00Z"),
            Instant.parse("2050-01-06T10:30:00Z"),
            Instant.parse("2050-01-12T10:00:00Z"));
    Instant desired = Instant.parse("2050-01-05T10:00:00Z");

    BruteForceAlternatives.Expected e =
        BruteForceAlternatives.search(
            all, Instant.parse("2050-01-04T00:00:00Z"), desired, AlternativeOptions.defaults());

    assertThat(e.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .containsExactly(
            tuple(Instant.parse("2050-01-05T09:00:00Z"), AlternativeStrategy.SAME_DAY_EARLIER),
            tuple(Instant.parse("2050-01-05T12:00:00Z"), AlternativeStrategy.SAME_DAY_LATER),
            tuple(Instant.parse("2050-01-06T10:30:00Z"), AlternativeStrategy.NEXT_WORKDAY_SAME_TIME));
    assertThat(ZonedDateTime.of(LocalDate.parse("2050-03-27"), LocalTime.of(2, 30), ZoneId.of("Europe/Berlin")))
        .as("a local time in a DST gap moves forward by the gap, as documented")
        .isEqualTo(ZonedDateTime.parse("2050-03-27T03:30+02:00[Europe/Berlin]"));
  }
}
