package dev.calcomclient.alternatives;

import dev.calcomclient.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link CacheWarmer} keeps warm, and how often: the chosen event types, then the {@link #popular()} most
 * popular others, for the next {@link #days()} UTC days, every {@link #every()}. Immutable; create with
 * {@link #builder()}.
 *
 * <pre>{@code
 * WarmingPlan plan = WarmingPlan.builder().eventTypes(List.of(101L, 104L)).popular(5).days(15).build();
 * }</pre>
 */
public final class WarmingPlan {
  /** The most days a run warms. */
  public static final int MAX_DAYS = 62;

  private final List<Long> eventTypes;
  private final int popular;
  private final int days;
  private final Duration every;

  private WarmingPlan(Builder b) {
    this.eventTypes = List.copyOf(new LinkedHashSet<>(b.eventTypes));
    this.popular = b.popular;
    this.days = b.days;
    this.every = b.every;
  }

  /**
   * A builder with no event types, no popular ones, 7 days, every 5 minutes.
   *
   * @return a builder with no event types, no popular ones, 7 days, every 5 minutes
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The chosen event types, warmed first, in order, without duplicates.
   *
   * @return the chosen event types, warmed first, in order, without duplicates
   */
  public List<Long> eventTypes() {
    return eventTypes;
  }

  /**
   * How many of the most popular event types (other than the chosen ones) each run adds.
   *
   * @return how many of the most popular event types (other than the chosen ones) each run adds
   */
  public int popular() {
    return popular;
  }

  /**
   * How many UTC days, from today, each run warms. An {@link AlternativesService} search whose desired start is
   * within the next {@code k} days and whose horizon is {@code h} days needs about {@code k + h + 1} days.
   *
   * @return how many UTC days, from today, each run warms
   */
  public int days() {
    return days;
  }

  /**
   * The time between the starts of two scheduled runs.
   *
   * @return the time between the starts of two scheduled runs
   */
  public Duration every() {
    return every;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WarmingPlan p
        && eventTypes.equals(p.eventTypes)
        && popular == p.popular
        && days == p.days
        && every.equals(p.every);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventTypes, popular, days, every);
  }

  @Override
  public String toString() {
    return "WarmingPlan{eventTypes=" + eventTypes + ", popular=" + popular + ", days=" + days + ", every=" + every
        + '}';
  }

  /** Builds a {@link WarmingPlan}; {@link #build()} checks every setting and names the one to change. */
  public static final class Builder {
    private final List<Long> eventTypes = new ArrayList<>();
    private boolean badEventType;
    private int popular;
    private int days = 7;
    private Duration every = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * Adds chosen event types (positive ids).
     *
     * @param ids the ids
     * @return this builder
     */
    public Builder eventTypes(Collection<Long> ids) {
      if (ids == null) {
        badEventType = true;
        return this;
      }
      for (Long id : ids) {
        eventType(id);
      }
      return this;
    }

    /**
     * Adds a chosen event type (a positive id).
     *
     * @param id the ID
     * @return this builder
     */
    public Builder eventType(Long id) {
      if (id == null || id <= 0) {
        badEventType = true;
      } else {
        eventTypes.add(id);
      }
      return this;
    }

    /**
     * Adds the {@code topN} most popular event types to each run (default 0).
     *
     * @param topN the top n
     * @return this builder
     */
    public Builder popular(int topN) {
      this.popular = topN;
      return this;
    }

    /**
     * The UTC days each run warms, from today, 1 to 62 (default 7).
     *
     * @param days the days
     * @return this builder
     */
    public Builder days(int days) {
      this.days = days;
      return this;
    }

    /**
     * The time between scheduled runs, at least one second (default 5 minutes).
     *
     * @param every how often to run
     * @return this builder
     */
    public Builder every(Duration every) {
      this.every = every;
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the warming plan
     * @throws ValidationException naming the setting to change
     */
    public WarmingPlan build() {
      if (badEventType) {
        throw new ValidationException("eventTypes", "must be positive event type ids, without null");
      }
      if (popular < 0) {
        throw new ValidationException("popular", "must be zero or positive, got " + popular);
      }
      if (eventTypes.isEmpty() && popular == 0) {
        throw new ValidationException("eventTypes", "must name an event type, or popular(topN) must be positive");
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new ValidationException("days", "must be between 1 and " + MAX_DAYS + ", got " + days);
      }
      if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new ValidationException("every", "must be at least 1 second, got " + every);
      }
      return new WarmingPlan(this);
    }
  }
}
