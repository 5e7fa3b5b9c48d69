package dev.calcomclient.examples.load;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * "Find alternatives" around a desired start. The naive client uses the PHP gateway's approach (four sequential slot
 * lookups over different day ranges); calcom-client uses its alternative finder, {@code client.alternatives()}, which
 * answers a search from one span of cached days (at most one upstream call). {@link #forClient} is the switch.
 */
final class Alternatives {
  /** Proposals per search, for both clients. */
  static final int COUNT = 5;
  /** How far after the desired start both clients look: the PHP gateway's last range ends 8 days after the desired day. */
  static final Duration HORIZON = Duration.ofDays(8);

  /**
   * The result of one search.
   *
   * @param proposals       the proposed starts, nearest to the desired start first
   * @param rangeStart      start of the whole range the search looked at
   * @param rangeEnd        end of that range
   * @param lookups         client calls the search made (the PHP gateway's approach: 4; the finder: 1)
   * @param upstreamCalls   upstream calls the client reports for the search, or -1 when it does not say
   */
  record Found(List<Instant> proposals, Instant rangeStart, Instant rangeEnd, int lookups, int upstreamCalls) {}

  /** One way to search. */
  interface Strategy {
    Found find(UserContext user, String opId, long eventTypeId, Instant desiredStart) throws Exception;
  }

  /** What a strategy needs from the virtual user: a recorded lookup of one range, and the user's zone. */
  interface UserContext {
    List<Instant> lookup(String opId, long eventTypeId, Instant start, Instant end) throws Exception;

    ZoneId zone();
  }

  private Alternatives() {}

  /** The switch: which strategy a client side uses. */
  static Strategy forClient(LoadClient client) {
    if (client instanceof CalcomLoadClient.Instance calcom) {
      return (user, opId, eventTypeId, desiredStart) -> finder(calcom, user, eventTypeId, desiredStart);
    }
    return Alternatives::naiveSequential;
  }

  /** calcom-client's alternative finder: one search, answered from one span of cached days. */
  static Found finder(CalcomLoadClient.Instance client, UserContext user, long eventTypeId, Instant desiredStart) {
    dev.calcomclient.alternatives.Alternatives found =
        client.alternatives(eventTypeId, desiredStart, user.zone(), COUNT, HORIZON);
    List<Instant> proposals =
        found.alternatives().stream().map(a -> a.slot().startInstant()).toList();
    Instant dayStart = desiredStart.atZone(user.zone()).toLocalDate().atStartOfDay(user.zone()).toInstant();
    return new Found(proposals, dayStart, desiredStart.plus(HORIZON), 1, found.upstreamCalls());
  }

  /**
   * The PHP gateway's finder: same day, next workday, same weekday next week, then the next seven days, one sequential
   * slots call each (4 upstream calls per search without a cache).
   */
  static Found naiveSequential(UserContext user, String opId, long eventTypeId, Instant desiredStart)
      throws Exception {
    ZoneId zone = user.zone();
    LocalDate desired = desiredStart.atZone(zone).toLocalDate();
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
    found.remove(desiredStart);
    List<Instant> proposals = new ArrayList<>(found).stream()
        .sorted((a, b) -> Long.compare(Math.abs(a.getEpochSecond() - desiredStart.getEpochSecond()),
            Math.abs(b.getEpochSecond() - desiredStart.getEpochSecond())))
        .limit(COUNT)
        .toList();
    return new Found(proposals, desired.atStartOfDay(zone).toInstant(),
        desired.plusDays(8).atStartOfDay(zone).toInstant(), ranges.size(), -1);
  }

  static LocalDate nextWorkday(LocalDate d) {
    LocalDate n = d.plusDays(1);
    while (n.getDayOfWeek() == DayOfWeek.SATURDAY || n.getDayOfWeek() == DayOfWeek.SUNDAY) {
      n = n.plusDays(1);
    }
    return n;
  }
}
