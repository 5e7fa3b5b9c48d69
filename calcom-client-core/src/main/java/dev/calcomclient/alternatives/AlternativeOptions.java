package dev.calcomclient.alternatives;

import dev.calcomclient.ValidationException;
import dev.calcomclient.pipeline.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an alternative search is run. Immutable; create with {@link #builder()}, or use {@link #defaults()}: three
 * proposals, a 14-day horizon, UTC, Monday to Friday as workdays, the event type's default length, its own minimum
 * notice, every strategy, on the {@link Priority#INTERACTIVE} lane.
 *
 * <pre>{@code
 * AlternativeOptions options = AlternativeOptions.builder()
 *     .timeZone(ZoneId.of("Europe/Berlin"))
 *     .count(5)
 *     .horizon(Duration.ofDays(7))
 *     .build();
 * }</pre>
 */
public final class AlternativeOptions {
  /** The largest {@link #count()}. */
  public static final int MAX_COUNT = 50;
  /** The longest {@link #horizon()}. */
  public static final Duration MAX_HORIZON = Duration.ofDays(60);
  /** The longest minimum notice accepted: a year. */
  public static final Duration MAX_NOTICE = Duration.ofDays(366);
  /** The longest meeting length accepted, in minutes: a week. */
  public static final int MAX_DURATION_MINUTES = 7 * 24 * 60;

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final AlternativeOptions DEFAULTS = builder().build();

  private final int count;
  private final Duration horizon;
  private final ZoneId timeZone;
  private final Set<DayOfWeek> workdays;
  private final Integer durationMinutes;
  private final Duration minimumNotice;
  private final Set<AlternativeStrategy> strategies;
  private final Priority priority;

  private AlternativeOptions(Builder b) {
    this.count = b.count;
    this.horizon = b.horizon;
    this.timeZone = b.timeZone;
    this.workdays = Collections.unmodifiableSet(EnumSet.copyOf(b.workdays));
    this.durationMinutes = b.durationMinutes;
    this.minimumNotice = b.minimumNotice;
    this.strategies = Collections.unmodifiableSet(EnumSet.copyOf(b.strategies));
    this.priority = b.priority;
  }

  /**
   * The default options.
   *
   * @return the default options
   */
  public static AlternativeOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder holding the defaults.
   *
   * @return a builder holding the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.count = count;
    b.horizon = horizon;
    b.timeZone = timeZone;
    b.workdays = EnumSet.copyOf(workdays);
    b.durationMinutes = durationMinutes;
    b.minimumNotice = minimumNotice;
    b.strategies = EnumSet.copyOf(strategies);
    b.priority = priority;
    return b;
  }

  /**
   * The most proposals to return (default 3).
   *
   * @return the most proposals to return (default 3)
   */
  public int count() {
    return count;
  }

  /**
   * How far after the desired start proposals may start (default 14 days): every proposal starts before
   * {@code desiredStart + horizon}. It bounds every strategy, and with it the span of days fetched.
   *
   * @return how far after the desired start proposals may start (default 14 days): every proposal starts before {@code
   *     desiredStart + horizon}
   */
  public Duration horizon() {
    return horizon;
  }

  /**
   * The zone that defines the local date, the local time and the workdays of the search (default UTC).
   *
   * @return the zone that defines the local date, the local time and the workdays of the search (default UTC)
   */
  public ZoneId timeZone() {
    return timeZone;
  }

  /**
   * The days of the week that count as workdays for {@link AlternativeStrategy#NEXT_WORKDAY_SAME_TIME}.
   *
   * @return the days of the week that count as workdays for {@link AlternativeStrategy#NEXT_WORKDAY_SAME_TIME}
   */
  public Set<DayOfWeek> workdays() {
    return workdays;
  }

  /**
   * The meeting length in minutes for multi-duration event types; empty for the event type's default.
   *
   * @return the meeting length in minutes for multi-duration event types; empty for the event type's default
   */
  public Optional<Integer> durationMinutes() {
    return Optional.ofNullable(durationMinutes);
  }

  /**
   * The minimum notice to apply; empty means the event type's own {@code minimumBookingNotice} when this client
   * knows the event type, and none otherwise.
   *
   * @return the minimum notice to apply; empty means the event type's own {@code minimumBookingNotice} when this client
   *     knows the event type, and none otherwise
   */
  public Optional<Duration> minimumNotice() {
    return Optional.ofNullable(minimumNotice);
  }

  /**
   * The strategies to run (default all).
   *
   * @return the strategies to run (default all)
   */
  public Set<AlternativeStrategy> strategies() {
    return strategies;
  }

  /**
   * The rate-limit lane of the upstream call, if one is needed (default {@link Priority#INTERACTIVE}).
   *
   * @return the rate-limit lane of the upstream call, if one is needed (default {@link Priority#INTERACTIVE})
   */
  public Priority priority() {
    return priority;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AlternativeOptions)) {
      return false;
    }
    AlternativeOptions other = (AlternativeOptions) o;
    return count == other.count
        && horizon.equals(other.horizon)
        && timeZone.equals(other.timeZone)
        && workdays.equals(other.workdays)
        && Objects.equals(durationMinutes, other.durationMinutes)
        && Objects.equals(minimumNotice, other.minimumNotice)
        && strategies.equals(other.strategies)
        && priority == other.priority;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        count, horizon, timeZone, workdays, durationMinutes, minimumNotice, strategies, priority);
  }

  @Override
  public String toString() {
    return "AlternativeOptions{count="
        + count
        + ", horizon="
        + horizon
        + ", timeZone="
        + timeZone
        + ", workdays="
        + workdays
        + ", durationMinutes="
        + durationMinutes
        + ", minimumNotice="
        + minimumNotice
        + ", strategies="
        + strategies
        + ", priority="
        + priority
        + '}';
  }

  /** Builds {@link AlternativeOptions}; {@link #build()} checks every setting and names the one to change. */
  public static final class Builder {
    private int count = 3;
    private Duration horizon = Duration.ofDays(14);
    private ZoneId timeZone = UTC;
    private Collection<DayOfWeek> workdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private Integer durationMinutes;
    private Duration minimumNotice;
    private Collection<AlternativeStrategy> strategies = EnumSet.allOf(AlternativeStrategy.class);
    private Priority priority = Priority.INTERACTIVE;

    private Builder() {}

    /**
     * The most proposals to return, 1 to 50 (default 3).
     *
     * @param count the count
     * @return this builder
     */
    public Builder count(int count) {
      this.count = count;
      return this;
    }

    /**
     * How far after the desired start proposals may start, up to 60 days (default 14 days).
     *
     * @param horizon the horizon
     * @return this builder
     */
    public Builder horizon(Duration horizon) {
      this.horizon = horizon;
      return this;
    }

    /**
     * The zone of the local dates, times and workdays (default UTC). The one zone rule of this API: an IANA region,
     * UTC however written ({@code ZoneOffset.UTC}, {@code UTC}, {@code GMT}, {@code Etc/UTC}), or a whole-hour fixed
     * offset (read as IANA's {@code Etc/GMT} zone); other fixed offsets such as {@code +05:30} are refused at
     * {@link #build()}: name the region instead.
     *
     * @param timeZone the time zone
     * @return this builder
     */
    public Builder timeZone(ZoneId timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * The workdays (default Monday to Friday); at least one.
     *
     * @param workdays the workdays
     * @return this builder
     */
    public Builder workdays(Collection<DayOfWeek> workdays) {
      this.workdays = workdays == null ? null : new ArrayList<>(workdays);
      return this;
    }

    /**
     * The workdays; at least one.
     *
     * @param first the first
     * @param more the more
     * @return this builder
     */
    public Builder workdays(DayOfWeek first, DayOfWeek... more) {
      List<DayOfWeek> all = new ArrayList<>();
      all.add(first);
      if (more == null) {
        throw new ValidationException("workdays", "must not contain null");
      }
      all.addAll(Arrays.asList(more));
      this.workdays = all;
      return this;
    }

    /**
     * The meeting length in minutes, for multi-duration event types; {@code null} for the default length.
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder durationMinutes(Integer minutes) {
      this.durationMinutes = minutes;
      return this;
    }

    /**
     * Overrides the event type's minimum notice; {@code null} goes back to the event type's own.
     *
     * @param minimumNotice the minimum notice
     * @return this builder
     */
    public Builder minimumNotice(Duration minimumNotice) {
      this.minimumNotice = minimumNotice;
      return this;
    }

    /**
     * The strategies to run (default all); at least one.
     *
     * @param strategies the strategies
     * @return this builder
     */
    public Builder strategies(Collection<AlternativeStrategy> strategies) {
      this.strategies = strategies == null ? null : new ArrayList<>(strategies);
      return this;
    }

    /**
     * The strategies to run; at least one.
     *
     * @param first the first
     * @param more the more
     * @return this builder
     */
    public Builder strategies(AlternativeStrategy first, AlternativeStrategy... more) {
      List<AlternativeStrategy> all = new ArrayList<>();
      all.add(first);
      if (more == null) {
        throw new ValidationException("strategies", "must not contain null");
      }
      all.addAll(Arrays.asList(more));
      this.strategies = all;
      return this;
    }

    /**
     * The rate-limit lane of the upstream call (default {@link Priority#INTERACTIVE}).
     *
     * @param priority the priority
     * @return this builder
     */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the alternative options
     * @throws ValidationException naming the setting to change
     */
    public AlternativeOptions build() {
      if (count < 1 || count > MAX_COUNT) {
        throw new ValidationException("count", "must be between 1 and " + MAX_COUNT + ", got " + count);
      }
      if (horizon == null || horizon.isNegative() || horizon.isZero()) {
        throw new ValidationException("horizon", "must be a positive duration, got " + horizon);
      }
      if (horizon.compareTo(MAX_HORIZON) > 0) {
        throw new ValidationException(
            "horizon", "must be at most " + MAX_HORIZON.toDays() + " days, got " + horizon);
      }
      timeZone = dev.calcomclient.internal.Checks.zone("timeZone", timeZone);
      if (workdays == null || workdays.isEmpty() || workdays.contains(null)) {
        throw new ValidationException(
            "workdays", "must name at least one day of the week and no null, got " + workdays);
      }
      if (durationMinutes != null && (durationMinutes <= 0 || durationMinutes > MAX_DURATION_MINUTES)) {
        throw new ValidationException(
            "durationMinutes", "must be between 1 and " + MAX_DURATION_MINUTES + ", got " + durationMinutes);
      }
      if (minimumNotice != null && (minimumNotice.isNegative() || minimumNotice.compareTo(MAX_NOTICE) > 0)) {
        throw new ValidationException(
            "minimumNotice", "must be between zero and " + MAX_NOTICE.toDays() + " days, got " + minimumNotice);
      }
      if (strategies == null || strategies.isEmpty() || strategies.contains(null)) {
        throw new ValidationException("strategies", "must name at least one strategy and no null, got " + strategies);
      }
      if (priority == null) {
        throw new ValidationException("priority", "is required");
      }
      return new AlternativeOptions(this);
    }
  }
}
