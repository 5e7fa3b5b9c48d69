package dev.calcomclient.alternatives;

import dev.calcomclient.ValidationException;
import dev.calcomclient.pipeline.Priority;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the slot cache warm for the next days of chosen or recently popular event types, so that availability and
 * {@link AlternativesService} searches are answered without an upstream call.
 *
 * <p>A run warms its event types one after another, each with <b>one</b> span request for all of its days (none
 * when they are already cached), on the {@link Priority#BACKGROUND} lane. The limiter gives that lane a token only
 * while the reserve kept for callers is left, and refuses it at once otherwise: the run then stops and reports the
 * refused and the remaining event types as {@link WarmingReport#skipped() skipped}, so warming never competes with
 * callers for the rate limit. Days are UTC days from today (the client's clock), with the event type's default
 * dimensions.
 *
 * <p>Popularity: {@link #recordInterest} counts interest in an event type (the client reports its searches); counts
 * decay exponentially with a half-life, so {@link #popular} ranks recent interest first, and an event type without
 * interest for about six half-lives is forgotten. A bounded number of event types is tracked; when full, the least
 * popular is dropped.
 *
 * <p>Invalid arguments throw {@link ValidationException} naming the field. A run's future never fails: failures are
 * in its report.
 */
public interface CacheWarmer extends AutoCloseable {

  /**
   * Warms the next {@code days} UTC days (1 to {@value WarmingPlan#MAX_DAYS}) of these event types, in order.
   *
   * @param eventTypeIds the event type ids
   * @param days the days
   * @return a future of the warming report
   */
  CompletableFuture<WarmingReport> warm(Collection<Long> eventTypeIds, int days);

  /**
   * Warms the next {@code days} UTC days of the {@code topN} most popular event types, most popular first.
   *
   * @param topN the top n
   * @param days the days
   * @return a future of the warming report
   */
  CompletableFuture<WarmingReport> warmPopular(int topN, int days);

  /**
   * Runs {@code plan} once now: its chosen event types, then its most popular others.
   *
   * @param plan the plan
   * @return a future of the warming report
   */
  CompletableFuture<WarmingReport> warm(WarmingPlan plan);

  /**
   * Counts one unit of interest in the event type now (cheap; safe from any thread).
   *
   * @param eventTypeId the event type ID
   */
  void recordInterest(long eventTypeId);

  /**
   * The {@code topN} most popular event types by decayed interest, most popular first (ties: lower id first).
   *
   * @param topN the top n
   * @return the {@code topN} most popular event types by decayed interest, most popular first (ties: lower id first)
   */
  List<Long> popular(int topN);

  /**
   * Runs {@code plan} now and then every {@link WarmingPlan#every()} on the client's scheduler, until
   * {@link #stop()}; a plan already running is replaced. A run still in progress when the next one is due makes
   * that one skip.
   *
   * @param plan the plan
   */
  void start(WarmingPlan plan);

  /** Stops the scheduled runs; a run in progress starts no further event type. Does nothing if not started. */
  void stop();

  /**
   * Whether scheduled runs are on.
   *
   * @return whether scheduled runs are on
   */
  boolean isRunning();

  /**
   * The report of the last finished run, scheduled or not.
   *
   * @return the report of the last finished run, scheduled or not
   */
  Optional<WarmingReport> lastReport();

  /** Same as {@link #stop()}; the scheduler itself belongs to the client and stays up. */
  @Override
  void close();
}
