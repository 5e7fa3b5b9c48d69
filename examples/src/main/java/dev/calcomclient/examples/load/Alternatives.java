package dev.calcomclient.examples.load;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * "Find alternatives" for a desired day. Until calcom-client has its alternative finder, both clients use the seed
 * system's approach (several sequential slot lookups over different day ranges); {@link #forClient} is the one
 * place to switch calcom-client to {@code client.alternatives().find(...)} once {@link Feature#ALTERNATIVE_FINDER}
 * is available.
 */
final class Alternatives {

  /** The result of one search: the proposals and the whole range that was looked at. */
  record Found(List<Instant> proposals, Instant rangeStart, Instant rangeEnd, int lookups) {}

  /** One way to search. */
  interface Strategy {
    Found find(UserContext user, String opId, long eventTypeId, LocalDate desired) throws Exception;
  }

  /** What a strategy needs from the virtual user: a recorded lookup of one range. */
  interface UserContext {
    List<Instant> lookup(String opId, long eventTypeId, Instant start, Instant end) throws Exception;

    ZoneId zone();
  }

  private Alternatives() {}

  /** The switch: which strategy a client side uses. */
  static Strategy forClient(LoadClient client) {
    // calcom-client has no alternatives() service yet (Feature.ALTERNATIVE_FINDER); when it lands, return a
    // strategy calling it here for client instanceof CalcomLoadClient.
    return Alternatives::naiveSequential;
  }

  /**
   * The seeds' finder: same day, next workday, same weekday next week, then the next seven days, one sequential
   * slots call each (4 upstream calls per search without a cache).
   */
  static Found naiveSequential(UserContext user, String opId, long eventTypeId, LocalDate desired)
      throws Exception {
    ZoneId zone = user.zone();
    LocalDate nextWorkday = nextWorkday(desired);
    List<LocalDate[]> ranges = List.of(
        new LocalDate[] {desired, desired.plusDays(1)},
        new LocalDate[] {nextWorkday, nextWorkday.plusDays(1)},
        new LocalDate[] {desired.plusWeeks(1), desired.plusWeeks(1).plusDays(1)},
        new LocalDate[] {desired.plusDays(1), desired.plusDays(8)});
    TreeSet<Instant> found = new TreeSet<>();
    for (LocalDate[] r : ranges) {
      found.addAll(user.lookup(opId, eventTypeId, r[0].atStartOfDay(zone).toInstant(),
          r[1].atStartOfDay(zone).toInstant()));
    }
    Instant desiredStart = desired.atStartOfDay(zone).toInstant();
    List<Instant> proposals = new ArrayList<>(found).stream()
        .sorted((a, b) -> Long.compare(Math.abs(a.getEpochSecond() - desiredStart.getEpochSecond()),
            Math.abs(b.getEpochSecond() - desiredStart.getEpochSecond())))
        .limit(5)
        .toList();
    return new Found(proposals, desiredStart, desired.plusDays(8).atStartOfDay(zone).toInstant(), ranges.size());
  }

  static LocalDate nextWorkday(LocalDate d) {
    LocalDate n = d.plusDays(1);
    while (n.getDayOfWeek() == DayOfWeek.SATURDAY || n.getDayOfWeek() == DayOfWeek.SUNDAY) {
      n = n.plusDays(1);
    }
    return n;
  }
}
