package dev.calcomclient.alternatives;

import dev.calcomclient.CalcomException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.ValidationException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Proposes the nearest bookable slots when a desired start is taken: same day earlier and later, the next workday
 * at the same time, the same weekday next week, and the next available slots within the horizon (see
 * {@link AlternativeStrategy} for each one's exact rule).
 *
 * <p>Every strategy is answered from one span of cached slot days, from the desired local date to the end of the
 * horizon, so a search costs <b>at most one</b> upstream slots request, and none when those days are cached.
 *
 * <p>Rules common to every strategy:
 *
 * <ul>
 *   <li>A slot is bookable when it starts at or after {@code now + minimumNotice} (the clock is the client's;
 *       the notice is {@link AlternativeOptions#minimumNotice()}, else the event type's
 *       {@code minimumBookingNotice} when known, else zero) and before {@code desiredStart + horizon}.
 *   <li>The slot starting exactly at the desired start is never proposed; {@link Alternatives#desiredAvailable()}
 *       says whether it is bookable.
 *   <li>A slot found by several strategies is proposed once, labelled with the first of them in
 *       {@link AlternativeStrategy} order.
 *   <li>Proposals are ranked by absolute distance from the desired start (of two equally near, the earlier slot
 *       first) and the first {@link AlternativeOptions#count()} are returned.
 *   <li>{@link AlternativeStrategy#NEXT_AVAILABLE} is what fills the answer up to the count, with later slots;
 *       earlier slots other than {@link AlternativeStrategy#SAME_DAY_EARLIER}'s one are never proposed. With it
 *       among the strategies, fewer than the count come back only when the horizon holds no more later slots.
 * </ul>
 *
 * <p>The blocking form throws a {@link CalcomException}; the {@code ...Async} form's future fails with one.
 * Invalid arguments throw {@link ValidationException} from both forms, before anything is sent.
 *
 * <p>Like every resource method, a search has a form with a trailing {@link RequestOptions}: the upstream call, if
 * one is needed, goes in their {@linkplain RequestOptions#lane() lane} (else {@link AlternativeOptions#priority()}),
 * waits at most their {@linkplain RequestOptions#maxWait() maxWait} for a rate-limit token, and the search takes at
 * most their {@linkplain RequestOptions#callTimeout() callTimeout}. Without a token in time, the search is answered
 * from the cached days only, as any search is.
 */
public interface AlternativesService {

  /**
   * Alternatives to {@code desiredStart} with {@link AlternativeOptions#defaults()}.
   *
   * @param eventTypeId the event type ID
   * @param desiredStart the desired start
   * @return alternatives to {@code desiredStart} with {@link AlternativeOptions#defaults()}
   */
  Alternatives find(long eventTypeId, Instant desiredStart);

  /**
   * Alternatives to {@code desiredStart} for the event type, searched as {@code options} say.
   *
   * @param eventTypeId a positive event type id
   * @param desiredStart the start the caller wanted, between 1970 and the year 9999
   * @param options how to search
   * @return alternatives to {@code desiredStart} for the event type, searched as {@code options} say
   */
  Alternatives find(long eventTypeId, Instant desiredStart, AlternativeOptions options);

  /**
   * Asynchronous {@link #find(long, Instant)}.
   *
   * @param eventTypeId the event type ID
   * @param desiredStart the desired start
   * @return a future of what {@link #find(long, Instant)} returns
   */
  CompletableFuture<Alternatives> findAsync(long eventTypeId, Instant desiredStart);

  /**
   * Asynchronous {@link #find(long, Instant, AlternativeOptions)}.
   *
   * @param eventTypeId the event type ID
   * @param desiredStart the desired start
   * @param options the options
   * @return a future of what {@link #find(long, Instant, AlternativeOptions)} returns
   */
  CompletableFuture<Alternatives> findAsync(long eventTypeId, Instant desiredStart, AlternativeOptions options);

  /**
   * As {@link #find(long, Instant, AlternativeOptions)}, with per-call {@link RequestOptions}.
   *
   * @param eventTypeId a positive event type id
   * @param desiredStart the start the caller wanted, between 1970 and the year 9999
   * @param options how to search
   * @param requestOptions the per-call options; {@link RequestOptions#defaults()} for the client's defaults (the
   *     lane then comes from {@code options})
   * @return alternatives to {@code desiredStart} for the event type, searched as {@code options} say
   * @throws ValidationException when an argument is invalid (nothing is sent)
   * @throws CalcomException when the search fails
   */
  Alternatives find(
      long eventTypeId, Instant desiredStart, AlternativeOptions options, RequestOptions requestOptions);

  /**
   * Asynchronous {@link #find(long, Instant, AlternativeOptions, RequestOptions)}.
   *
   * @param eventTypeId a positive event type id
   * @param desiredStart the start the caller wanted, between 1970 and the year 9999
   * @param options how to search
   * @param requestOptions the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #find(long, Instant, AlternativeOptions, RequestOptions)} returns
   * @throws ValidationException when an argument is invalid (nothing is sent)
   */
  CompletableFuture<Alternatives> findAsync(
      long eventTypeId, Instant desiredStart, AlternativeOptions options, RequestOptions requestOptions);
}
