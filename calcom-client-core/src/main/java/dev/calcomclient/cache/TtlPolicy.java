package dev.calcomclient.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How long one cached day of slots stays fresh. Event-driven invalidation is what keeps slots correct after a
 * booking; the time to live bounds how long a change made elsewhere (another tool, a calendar sync) can go
 * unnoticed. {@link #defaults()} is {@link #adaptive()} with its default values.
 */
@FunctionalInterface
public interface TtlPolicy {

  /**
   * The time to live of a freshly fetched day.
   *
   * @param utcDay the UTC day the entry holds
   * @param slotCount how many slots the day has (0 for an empty day)
   * @param now the current time
   * @return a positive duration
   */
  Duration ttl(LocalDate utcDay, int slotCount, Instant now);

  /**
   * The time to live of a freshly fetched day without slots that the cache takes for a <b>day off</b>: a day nobody
   * works, judged from what Cal.com answered (the client does not read schedules). A day is a day off when no fetch
   * the client remembers showed it with slots, and either two or more future dates on its UTC weekday came back
   * empty with none of that weekday's dates showing slots since (a weekly schedule without that weekday), or the day
   * itself came back empty in fetches at least five minutes apart (a holiday, a date override). A day that had slots
   * and is empty now <em>became</em> empty: it gets {@link #ttl ttl(utcDay, 0, now)}, the empty-day lifetime. A day
   * off is never refreshed ahead of its expiry.
   *
   * <p>The default is {@code ttl(utcDay, 0, now)}: a policy that does not override this treats a day off as any
   * empty day.
   *
   * @param utcDay the UTC day the entry holds
   * @param now the current time
   * @return a positive duration
   */
  default Duration ttlOfDayOff(LocalDate utcDay, Instant now) {
    return ttl(utcDay, 0, now);
  }

  /**
   * The adaptive policy with its default values (see {@link Adaptive}).
   *
   * @return the adaptive policy with its default values (see {@link Adaptive})
   */
  static TtlPolicy defaults() {
    return adaptive().build();
  }

  /**
   * Starts an adaptive policy with the default values.
   *
   * @return a new builder
   */
  static Adaptive.Builder adaptive() {
    return new Adaptive.Builder();
  }

  /**
   * The same time to live for every day.
   *
   * @param ttl the TTL
   * @return the same time to live for every day
   */
  static TtlPolicy fixed(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be a positive duration, got: " + ttl);
    }
    return (day, count, now) -> ttl;
  }

  /**
   * A time to live chosen by what the day looks like, checked in this order:
   *
   * <ol>
   *   <li>past day (the whole UTC day is over; it cannot change): {@code pastDay}, default 3600 s;
   *   <li>empty day (a cancellation made where this client cannot see it may open it up): {@code emptyDay}, default
   *       120 s;
   *   <li>fewer than {@code fewSlotsThreshold} slots (5; a busy day changes fast): {@code fewSlots}, default 180 s;
   *   <li>day starts more than {@code farFutureAfter} ahead (7 days): {@code farFuture}, default 600 s;
   *   <li>otherwise {@code standard}, default 300 s.
   * </ol>
   *
   * <p>A {@linkplain TtlPolicy#ttlOfDayOff day off} (empty because nobody works then, not because it was booked up)
   * is checked in the same order but as a day with many slots: {@code pastDay}, else {@code farFuture} when far
   * ahead, else {@code standard}. An empty day nobody works cannot offer a taken slot however long it is kept; only
   * a day that became empty needs the short {@code emptyDay}, because a cancellation may open it up again.
   *
   * <p>The PHP gateway this library replaces used 30 s for empty days; cancellations made through this client or
   * reported by a verified webhook
   * invalidate a day at once, so the empty-day TTL only bounds changes the client cannot see. At 30 s, days that are
   * empty because nobody works then (a UTC Sunday touched by a Berlin Monday query) made 16% of all upstream slot
   * calls in the normal load scenario.
   *
   * <p>The PHP gateway checked "empty" before "past"; a past day is always empty (past slots are not offered), so
   * that order would never give past days their long TTL. Here the past check comes first.
   */
  final class Adaptive implements TtlPolicy {
    private final Duration pastDay;
    private final Duration emptyDay;
    private final Duration fewSlots;
    private final int fewSlotsThreshold;
    private final Duration farFuture;
    private final Duration farFutureAfter;
    private final Duration standard;

    private Adaptive(Builder b) {
      this.pastDay = b.pastDay;
      this.emptyDay = b.emptyDay;
      this.fewSlots = b.fewSlots;
      this.fewSlotsThreshold = b.fewSlotsThreshold;
      this.farFuture = b.farFuture;
      this.farFutureAfter = b.farFutureAfter;
      this.standard = b.standard;
    }

    @Override
    public Duration ttl(LocalDate utcDay, int slotCount, Instant now) {
      Instant dayStart = utcDay.atStartOfDay(ZoneOffset.UTC).toInstant();
      if (!utcDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now)) {
        return pastDay;
      }
      if (slotCount == 0) {
        return emptyDay;
      }
      if (slotCount < fewSlotsThreshold) {
        return fewSlots;
      }
      if (Duration.between(now, dayStart).compareTo(farFutureAfter) > 0) {
        return farFuture;
      }
      return standard;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code pastDay} for a past day, {@code farFuture} for a day starting more than {@code farFutureAfter}
     * ahead, otherwise {@code standard}.
     */
    @Override
    public Duration ttlOfDayOff(LocalDate utcDay, Instant now) {
      return ttl(utcDay, Integer.MAX_VALUE, now);
    }

    @Override
    public String toString() {
      return "TtlPolicy.adaptive{pastDay="
          + pastDay
          + ", emptyDay="
          + emptyDay
          + ", fewSlots="
          + fewSlots
          + " (<"
          + fewSlotsThreshold
          + "), farFuture="
          + farFuture
          + " (>"
          + farFutureAfter
          + "), standard="
          + standard
          + '}';
    }

    static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be a positive duration, got: " + d);
      }
    }

    /** Builds an {@link Adaptive} policy; every setting has the default listed on {@link Adaptive}. */
    public static final class Builder {
      private Duration pastDay = Duration.ofSeconds(3600);
      private Duration emptyDay = Duration.ofSeconds(120);
      private Duration fewSlots = Duration.ofSeconds(180);
      private int fewSlotsThreshold = 5;
      private Duration farFuture = Duration.ofSeconds(600);
      private Duration farFutureAfter = Duration.ofDays(7);
      private Duration standard = Duration.ofSeconds(300);

      private Builder() {}

      /**
       * TTL of a day that is entirely over (default 3600 s).
       *
       * @param ttl the TTL
       * @return this builder
       */
      public Builder pastDay(Duration ttl) {
        this.pastDay = ttl;
        return this;
      }

      /**
       * TTL of a day without slots (default 120 s).
       *
       * @param ttl the TTL
       * @return this builder
       */
      public Builder emptyDay(Duration ttl) {
        this.emptyDay = ttl;
        return this;
      }

      /**
       * TTL of a day with fewer than {@code threshold} slots (defaults 180 s and 5).
       *
       * @param threshold the threshold
       * @param ttl the TTL
       * @return this builder
       */
      public Builder fewSlots(int threshold, Duration ttl) {
        this.fewSlotsThreshold = threshold;
        this.fewSlots = ttl;
        return this;
      }

      /**
       * TTL of a day starting more than {@code after} from now (defaults 600 s and 7 days).
       *
       * @param after how far ahead a day must start
       * @param ttl the TTL
       * @return this builder
       */
      public Builder farFuture(Duration after, Duration ttl) {
        this.farFutureAfter = after;
        this.farFuture = ttl;
        return this;
      }

      /**
       * TTL of any other day (default 300 s).
       *
       * @param ttl the TTL
       * @return this builder
       */
      public Builder standard(Duration ttl) {
        this.standard = ttl;
        return this;
      }

      /**
       * Builds the policy, or throws {@link IllegalStateException} naming the setting to change.
       *
       * @return the adaptive
       */
      public Adaptive build() {
        requirePositive(pastDay, "pastDay");
        requirePositive(emptyDay, "emptyDay");
        requirePositive(fewSlots, "fewSlots");
        requirePositive(farFuture, "farFuture");
        requirePositive(standard, "standard");
        Objects.requireNonNull(farFutureAfter, "farFutureAfter");
        if (farFutureAfter.isNegative()) {
          throw new IllegalStateException("farFuture(after, ...) must not be negative, got: " + farFutureAfter);
        }
        if (fewSlotsThreshold < 0) {
          throw new IllegalStateException("fewSlots(threshold, ...) must not be negative, got: " + fewSlotsThreshold);
        }
        return new Adaptive(this);
      }
    }
  }
}
