package dev.calcomclient;

import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.Schedule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The authenticated user's availability schedules ({@code /v2/schedules}, {@code cal-api-version 2024-06-11}).
 *
 * <p>Each method has a blocking form, which throws a {@link CalcomException}, and an {@code ...Async} form,
 * whose future fails with one. Every method has a form with a trailing {@link RequestOptions} (rate-limit lane,
 * longest wait for a token, call timeout).
 *
 * <p>{@link #list()} is decoded element by element: a schedule without a valid id is left out and counted in the
 * returned {@link DecodedList}'s {@link DecodedList#skipped()}.
 */
public interface SchedulesService {

  /**
   * Every schedule of the user ({@code GET /v2/schedules}).
   *
   * @return the list
   */
  default DecodedList<Schedule> list() {
    return list(RequestOptions.defaults());
  }

  /**
   * As {@link #list()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the list
   */
  DecodedList<Schedule> list(RequestOptions options);

  /**
   * Asynchronous {@link #list}.
   *
   * @return a future of what {@link #list} returns
   */
  default CompletableFuture<List<Schedule>> listAsync() {
    return listAsync(RequestOptions.defaults());
  }

  /**
   * As {@link #listAsync()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #list} returns
   */
  CompletableFuture<List<Schedule>> listAsync(RequestOptions options);

  /**
   * One schedule ({@code GET /v2/schedules/{id}}); empty when Cal.com answers {@code data: null}.
   *
   * @param scheduleId the schedule ID
   * @return one schedule ({@code GET /v2/schedules/{id}}); empty when Cal.com answers {@code data: null}
   */
  default Optional<Schedule> get(long scheduleId) {
    return get(scheduleId, RequestOptions.defaults());
  }

  /**
   * As {@link #get(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param scheduleId the schedule ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return one schedule ({@code GET /v2/schedules/{id}}); empty when Cal.com answers {@code data: null}
   */
  Optional<Schedule> get(long scheduleId, RequestOptions options);

  /**
   * Asynchronous {@link #get}.
   *
   * @param scheduleId the schedule ID
   * @return a future of what {@link #get} returns
   */
  default CompletableFuture<Optional<Schedule>> getAsync(long scheduleId) {
    return getAsync(scheduleId, RequestOptions.defaults());
  }

  /**
   * As {@link #getAsync(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param scheduleId the schedule ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Optional<Schedule>> getAsync(long scheduleId, RequestOptions options);

  /**
   * The user's default schedule ({@code GET /v2/schedules/default}); empty when the user has none.
   *
   * @return the user's default schedule ({@code GET /v2/schedules/default}); empty when the user has none
   */
  default Optional<Schedule> getDefault() {
    return getDefault(RequestOptions.defaults());
  }

  /**
   * As {@link #getDefault()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the user's default schedule ({@code GET /v2/schedules/default}); empty when the user has none
   */
  Optional<Schedule> getDefault(RequestOptions options);

  /**
   * Asynchronous {@link #getDefault}.
   *
   * @return a future of what {@link #getDefault} returns
   */
  default CompletableFuture<Optional<Schedule>> getDefaultAsync() {
    return getDefaultAsync(RequestOptions.defaults());
  }

  /**
   * As {@link #getDefaultAsync()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #getDefault} returns
   */
  CompletableFuture<Optional<Schedule>> getDefaultAsync(RequestOptions options);
}
