package dev.calcomclient.catalog.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.EventType;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of what this client knows about event types: hosts, lengths, buffers, booking limits, minimum
 * notice, scheduling type (the {@link EventType} Cal.com last answered for an id).
 *
 * <ul>
 *   <li><b>Loaded once per id, in the background</b>: {@link #need} starts a load through the {@link Loader} (the
 *       background lane) unless the id is known and younger than the refresh interval or a load or retry is
 *       already pending; never on the caller's path.
 *   <li><b>Retried</b> with backoff in seconds (1 s, 2 s, 4 s ... at most {@link #MAX_BACKOFF}) when the load is
 *       refused (a local rate-limit refusal: at least its {@code retryAfter}) or fails; after the first attempt in
 *       the background lane, in the standard lane, where it may wait for a token (the background lane never waits,
 *       and a busy client leaves it nothing); never left "requested" after a refusal. A 404 is retried after the
 *       refresh interval.
 *   <li><b>Refreshed on a schedule</b>: one refresh interval after each load, the id is reloaded if it was
 *       {@linkplain #need needed} since; an id nobody uses is not reloaded (its next use reloads it).
 *   <li><b>Observable</b>: {@linkplain #subscribe subscribers} (the invalidator's dependency index, the bus
 *       receiver's widening) see every event type learnt, loaded or {@linkplain #record decoded elsewhere}.
 *   <li><b>Honest</b>: {@link #get} is empty while the id is unknown; it never answers a default.
 * </ul>
 *
 * <p>Time and retries run on the injected clock and scheduler. Thread-safe.
 */
public final class EventTypeCatalog {
  private static final Logger log = LoggerFactory.getLogger(EventTypeCatalog.class);
  /** The first retry delay after a refused or failed load. */
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  /** The longest retry delay after repeated refusals or failures. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /**
   * Loads tried in the background lane before a retry goes in the standard lane. One: under a burst the background
   * lane is refused from the first second on, and the standard lane only keeps a chance while tokens remain (three
   * background tries measured a median of 35 keys per booking with four instances under the burst, one measured 3).
   */
  static final int BACKGROUND_ATTEMPTS = 1;

  private static final long MAXIMUM_IDS = 10_000;

  /** Loads one event type on a rate-limit lane; empty when Cal.com says it does not exist. */
  @FunctionalInterface
  public interface Loader {
    /**
     * Loads {@code eventTypeId}.
     *
     * @param eventTypeId the event type
     * @param lane the rate-limit lane of the request
     * @return the event type, or empty when it does not exist
     */
    CompletableFuture<Optional<EventType>> load(long eventTypeId, Priority lane);
  }

  private final Loader loader;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Duration refreshInterval;
  private final Cache<Long, Entry> entries;
  private final List<Consumer<EventType>> subscribers = new CopyOnWriteArrayList<>();

  /**
   * Creates a catalog.
   *
   * @param loader how an event type is loaded (the background lane)
   * @param refreshInterval how long a loaded event type counts as current
   * @param clock the client's clock
   * @param scheduler the client's scheduler (loads start and retries wait there)
   */
  public EventTypeCatalog(
      Loader loader, Duration refreshInterval, Clock clock, ScheduledExecutorService scheduler) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.entries = Caffeine.newBuilder().maximumSize(MAXIMUM_IDS).executor(Runnable::run).build();
  }

  /**
   * What is known of {@code eventTypeId}.
   *
   * @param eventTypeId the event type
   * @return the event type as Cal.com last answered it, or empty while unknown (never a default)
   */
  public Optional<EventType> get(long eventTypeId) {
    Entry e = entries.getIfPresent(eventTypeId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.known);
  }

  /**
   * Whether {@code eventTypeId} is known and was loaded or recorded within the refresh interval: facts a booking's
   * effect may be computed from exactly (older facts may have changed at Cal.com).
   *
   * @param eventTypeId the event type
   * @return whether its facts are known and current
   */
  public boolean isCurrent(long eventTypeId) {
    Entry e = entries.getIfPresent(eventTypeId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return isCurrent(e);
    }
  }

  /**
   * Says that {@code eventTypeId}'s facts are wanted: loads it in the background unless it is known and current or
   * a load or retry is pending. Never blocks and never fails.
   *
   * @param eventTypeId the event type
   */
  public void need(long eventTypeId) {
    Entry e = entries.get(eventTypeId, id -> new Entry());
    synchronized (e) {
      e.used = true;
      if (e.loading || e.retryPending || isCurrent(e)) {
        return;
      }
      e.loading = true;
    }
    start(eventTypeId, e);
  }

  /**
   * Records an event type this client decoded (a get, a list, a team list) and passes it to the subscribers.
   *
   * @param eventType the decoded event type; {@code null} is ignored
   */
  public void record(EventType eventType) {
    if (eventType == null) {
      return;
    }
    Entry e = entries.get(eventType.id(), id -> new Entry());
    synchronized (e) {
      e.known = eventType;
      e.loadedAtMillis = clock.millis();
      e.failures = 0;
    }
    for (Consumer<EventType> s : subscribers) {
      try {
        s.accept(eventType);
      } catch (RuntimeException ex) {
        log.warn("event type subscriber {} threw; ignored", s.getClass().getName(), ex);
      }
    }
  }

  /**
   * Registers {@code subscriber} for every event type learnt from now on (subscribe while assembling the client).
   * Subscribers must be fast and must not throw.
   *
   * @param subscriber the subscriber
   */
  public void subscribe(Consumer<EventType> subscriber) {
    subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
  }

  /**
   * Whether a load or a retry of {@code eventTypeId} is pending; for tests and stats.
   *
   * @param eventTypeId the event type
   * @return true while a load runs or a retry waits
   */
  public boolean pending(long eventTypeId) {
    Entry e = entries.getIfPresent(eventTypeId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return e.loading || e.retryPending;
    }
  }

  private boolean isCurrent(Entry e) {
    return e.known != null && clock.millis() - e.loadedAtMillis < refreshInterval.toMillis();
  }

  private void start(long id, Entry e) {
    try {
      scheduler.execute(() -> load(id, e));
    } catch (RejectedExecutionException ex) {
      synchronized (e) {
        e.loading = false; // the client is closing
      }
    }
  }

  private void load(long id, Entry e) {
    CompletableFuture<Optional<EventType>> f;
    try {
      // The background lane never waits for a token and is starved while callers use the whole budget: after
      // BACKGROUND_ATTEMPTS refusals or failures a retry goes in the standard lane, where it may
      // wait for one (one request per event type, against many cautious invalidations while the facts are missing).
      Priority lane;
      synchronized (e) {
        lane = e.failures < BACKGROUND_ATTEMPTS ? Priority.BACKGROUND : Priority.STANDARD;
      }
      f = loader.load(id, lane);
    } catch (RuntimeException ex) {
      f = CompletableFuture.failedFuture(ex);
    }
    f.whenComplete(
        (found, failure) -> {
          if (failure == null && found != null && found.isPresent()) {
            synchronized (e) {
              e.loading = false;
              e.used = false;
            }
            record(found.get());
            later(id, e, refreshInterval, false);
            return;
          }
          Duration delay;
          synchronized (e) {
            e.loading = false;
            if (failure == null) {
              delay = refreshInterval; // Cal.com says it does not exist: ask again much later
            } else if (Futures.unwrap(failure) instanceof ValidationException) {
              // Refused before sending, for good (an OAuth client credential may not read an event type by id):
              // retrying in seconds cannot help; the facts stay unknown and the invalidator stays cautious.
              delay = refreshInterval;
            } else {
              e.failures++;
              delay = backoff(e.failures, Futures.unwrap(failure));
            }
          }
          log.debug("loading event type {} failed; retrying in {}", id, delay, failure);
          later(id, e, delay, true);
        });
  }

  /** Schedules a retry ({@code retry}) or the periodic refresh of {@code id}. */
  private void later(long id, Entry e, Duration delay, boolean retry) {
    synchronized (e) {
      if (retry) {
        e.retryPending = true;
      }
    }
    Runnable task =
        () -> {
          boolean go;
          synchronized (e) {
            if (retry) {
              e.retryPending = false;
            }
            // A retry is moot once the facts arrived another way (a decoded answer); a refresh needs a use.
            go =
                !e.loading
                    && !e.retryPending
                    && (retry ? !isCurrent(e) : e.used)
                    && entries.getIfPresent(id) == e;
            if (go) {
              e.loading = true;
              e.used = false;
            }
          }
          if (go) {
            load(id, e);
          }
        };
    try {
      scheduler.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException ex) {
      synchronized (e) {
        e.retryPending = false;
      }
    }
  }

  /** 1 s, 2 s, 4 s ... capped; a local refusal waits at least until its token is expected. */
  static Duration backoff(int failures, Throwable failure) {
    long factor = 1L << Math.min(failures - 1, 10);
    Duration d = FIRST_BACKOFF.multipliedBy(factor);
    if (d.compareTo(MAX_BACKOFF) > 0) {
      d = MAX_BACKOFF;
    }
    if (failure instanceof RateLimitedException r && r.retryAfter().compareTo(d) > 0) {
      d = r.retryAfter().compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : r.retryAfter();
    }
    return d;
  }

  @Override
  public String toString() {
    return "EventTypeCatalog{ids=" + entries.estimatedSize() + '}';
  }

  /** What is known and pending for one id; guarded by itself. */
  private static final class Entry {
    EventType known;
    long loadedAtMillis;
    boolean loading;
    boolean retryPending;
    boolean used;
    int failures;
  }
}
