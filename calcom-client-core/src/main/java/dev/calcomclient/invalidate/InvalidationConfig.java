package dev.calcomclient.invalidate;

import java.time.Duration;
import java.util.Optional;

/**
 * How the smart invalidator delivers invalidations beyond this instance and how conservative it is where it lacks
 * metadata. Defaults: no bus (invalidations stay in this JVM and the shared tier), a queue of 10 000 tags for
 * invalidations that could not reach the shared tier or bus, retries after 10 ms doubling up to 100 ms (a
 * delivery taking over 5 s counts as failed), a 92-day horizon for year-wide widening, a 12 h margin around
 * bookings whose event types are unknown, a remembered-bookings map of 10 000 entries for reschedules, and
 * patching of booked days on.
 */
public final class InvalidationConfig {
  private final InvalidationBus bus;
  private final int queueCapacity;
  private final Duration retryMin;
  private final Duration retryMax;
  private final Duration deliveryTimeout;
  private final int horizonDays;
  private final Duration unknownMetadataMargin;
  private final String sourceId;
  private final int seenBookingsCapacity;
  private final boolean patchBookedDays;

  private InvalidationConfig(Builder b) {
    this.bus = b.bus;
    this.queueCapacity = b.queueCapacity;
    this.retryMin = b.retryMin;
    this.retryMax = b.retryMax;
    this.deliveryTimeout = b.deliveryTimeout;
    this.horizonDays = b.horizonDays;
    this.unknownMetadataMargin = b.unknownMetadataMargin;
    this.sourceId = b.sourceId;
    this.seenBookingsCapacity = b.seenBookingsCapacity;
    this.patchBookedDays = b.patchBookedDays;
  }

  /**
   * The defaults.
   *
   * @return the defaults
   */
  public static InvalidationConfig defaults() {
    return builder().build();
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bus that carries invalidations to other instances, if any.
   *
   * @return the bus that carries invalidations to other instances, if any
   */
  public Optional<InvalidationBus> bus() {
    return Optional.ofNullable(bus);
  }

  /**
   * The most distinct tags kept waiting for the shared tier (and, separately, for the bus).
   *
   * @return the most distinct tags kept waiting for the shared tier (and, separately, for the bus)
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * The delay before the first retry of a failed delivery.
   *
   * @return the delay before the first retry of a failed delivery
   */
  public Duration retryMin() {
    return retryMin;
  }

  /**
   * The longest delay between retries (the backoff doubles up to this).
   *
   * @return the longest delay between retries (the backoff doubles up to this)
   */
  public Duration retryMax() {
    return retryMax;
  }

  /**
   * How long one delivery to the shared tier or bus may take before it counts as failed and is retried.
   *
   * @return how long one delivery to the shared tier or bus may take before it counts as failed and is retried
   */
  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  /**
   * How many days ahead of today (UTC) year-wide widening reaches; it starts yesterday.
   *
   * @return how many days ahead of today (UTC) year-wide widening reaches; it starts yesterday
   */
  public int horizonDays() {
    return horizonDays;
  }

  /**
   * How far before and after a booking a slot start may be blocked when the lengths or buffers of the event types
   * involved are unknown.
   *
   * @return how far before and after a booking a slot start may be blocked when the lengths or buffers of the event
   *     types involved are unknown
   */
  public Duration unknownMetadataMargin() {
    return unknownMetadataMargin;
  }

  /**
   * The source id to publish with, when fixed (tests); by default each invalidator draws a random UUID.
   *
   * @return the source id to publish with, when fixed (tests); by default each invalidator draws a random UUID
   */
  public Optional<String> sourceId() {
    return Optional.ofNullable(sourceId);
  }

  /**
   * How many bookings the client remembers (uid to time and hosts) to invalidate the old time of a reschedule.
   *
   * @return how many bookings the client remembers (uid to time and hosts) to invalidate the old time of a reschedule
   */
  public int seenBookingsCapacity() {
    return seenBookingsCapacity;
  }

  /**
   * Whether a new booking whose effect can be computed exactly patches this instance's cached days (removes exactly
   * the slots Cal.com's rule removes) instead of dropping them; see {@link Builder#patchBookedDays(boolean)}.
   *
   * @return whether booked days are patched (default true)
   */
  public boolean patchBookedDays() {
    return patchBookedDays;
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bus = bus;
    b.queueCapacity = queueCapacity;
    b.retryMin = retryMin;
    b.retryMax = retryMax;
    b.deliveryTimeout = deliveryTimeout;
    b.horizonDays = horizonDays;
    b.unknownMetadataMargin = unknownMetadataMargin;
    b.sourceId = sourceId;
    b.seenBookingsCapacity = seenBookingsCapacity;
    b.patchBookedDays = patchBookedDays;
    return b;
  }

  @Override
  public String toString() {
    return "InvalidationConfig{bus="
        + (bus == null ? "none" : bus.getClass().getSimpleName())
        + ", queueCapacity="
        + queueCapacity
        + ", retry="
        + retryMin
        + ".."
        + retryMax
        + ", deliveryTimeout="
        + deliveryTimeout
        + ", horizonDays="
        + horizonDays
        + ", unknownMetadataMargin="
        + unknownMetadataMargin
        + ", seenBookingsCapacity="
        + seenBookingsCapacity
        + ", patchBookedDays="
        + patchBookedDays
        + '}';
  }

  /** Builds an {@link InvalidationConfig}. */
  public static final class Builder {
    private InvalidationBus bus;
    private int queueCapacity = 10_000;
    private Duration retryMin = Duration.ofMillis(10);
    private Duration retryMax = Duration.ofSeconds(1);
    private Duration deliveryTimeout = Duration.ofSeconds(5);
    private int horizonDays = 92;
    private Duration unknownMetadataMargin = Duration.ofHours(12);
    private String sourceId;
    private int seenBookingsCapacity = 10_000;
    private boolean patchBookedDays = true;

    private Builder() {}

    /**
     * Whether a new booking patches this instance's cached days instead of dropping them (default on). When the
     * facts are known and current (hosts, lengths and before/after buffers of the booked type and of every event
     * type of its hosts, no seats), each cached day of the hosts' individual event types (owner plus fixed hosts)
     * loses exactly the slots whose interval, widened by their own type's buffers, overlaps the booking widened by
     * its own type's buffers (Cal.com's rule); the next read of those days is still a hit. Everything else is
     * dropped and re-fetched as without patching: round-robin and collective types' days (they depend on other
     * hosts), the booked type's own days when it has a booking limit, seated types, unknown or stale facts,
     * cancellations, reschedules, bookings whose end or assigned host is unknown. A patch may hide a free slot,
     * never offer a taken one. Only this instance's L1 is patched: the shared tier and other instances drop the
     * days, as without patching. Turn it off to always drop and re-fetch.
     *
     * @param patch whether to patch
     * @return this builder
     */
    public Builder patchBookedDays(boolean patch) {
      this.patchBookedDays = patch;
      return this;
    }

    /**
     * The bus to other instances (default none). Share one {@link InvalidationBus#inProcess()} hub between
     * clients in one JVM, or use the Redis module's bus between JVMs.
     *
     * @param bus the bus
     * @return this builder
     */
    public Builder bus(InvalidationBus bus) {
      this.bus = bus;
      return this;
    }

    /**
     * The most distinct tags queued for the shared tier, and for the bus (default 10 000).
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder queueCapacity(int tags) {
      this.queueCapacity = tags;
      return this;
    }

    /**
     * The first and the longest retry delay of a failed delivery (default 10 ms and 1 s). A bus that reports its
     * connection restored triggers a retry at once, whatever the backoff.
     *
     * @param min the min
     * @param max the max
     * @return this builder
     */
    public Builder retryBackoff(Duration min, Duration max) {
      this.retryMin = min;
      this.retryMax = max;
      return this;
    }

    /**
     * How long one delivery may take before it is treated as failed and retried (default 5 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder deliveryTimeout(Duration timeout) {
      this.deliveryTimeout = timeout;
      return this;
    }

    /**
     * Days ahead of today that year-wide widening reaches (default 92).
     *
     * @param days the days
     * @return this builder
     */
    public Builder horizonDays(int days) {
      this.horizonDays = days;
      return this;
    }

    /**
     * The margin around a booking when event-type lengths or buffers are unknown (default 12 h).
     *
     * @param margin the margin
     * @return this builder
     */
    public Builder unknownMetadataMargin(Duration margin) {
      this.unknownMetadataMargin = margin;
      return this;
    }

    /**
     * A fixed source id (default: a random UUID per invalidator). For tests.
     *
     * @param sourceId the source ID
     * @return this builder
     */
    public Builder sourceId(String sourceId) {
      this.sourceId = sourceId;
      return this;
    }

    /**
     * How many bookings to remember for reschedules (default 10 000).
     *
     * @param bookings the bookings
     * @return this builder
     */
    public Builder seenBookingsCapacity(int bookings) {
      this.seenBookingsCapacity = bookings;
      return this;
    }

    /**
     * Builds the configuration, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the invalidation config
     */
    public InvalidationConfig build() {
      if (queueCapacity < 1) {
        throw new IllegalStateException("queueCapacity must be at least 1, got: " + queueCapacity);
      }
      if (retryMin == null || retryMin.isNegative() || retryMin.isZero()) {
        throw new IllegalStateException("retryBackoff min must be a positive duration, got: " + retryMin);
      }
      if (retryMax == null || retryMax.compareTo(retryMin) < 0) {
        throw new IllegalStateException(
            "retryBackoff max must be at least the min (" + retryMin + "), got: " + retryMax);
      }
      if (deliveryTimeout == null || deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
        throw new IllegalStateException("deliveryTimeout must be a positive duration, got: " + deliveryTimeout);
      }
      if (horizonDays < 1 || horizonDays > 3660) {
        throw new IllegalStateException("horizonDays must be between 1 and 3660, got: " + horizonDays);
      }
      if (unknownMetadataMargin == null
          || unknownMetadataMargin.isNegative()
          || unknownMetadataMargin.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalStateException(
            "unknownMetadataMargin must be between 0 and 7 days, got: " + unknownMetadataMargin);
      }
      if (sourceId != null && sourceId.isBlank()) {
        throw new IllegalStateException("sourceId must not be blank; leave it unset for a random UUID");
      }
      if (seenBookingsCapacity < 0) {
        throw new IllegalStateException("seenBookingsCapacity must be at least 0, got: " + seenBookingsCapacity);
      }
      return new InvalidationConfig(this);
    }
  }
}
