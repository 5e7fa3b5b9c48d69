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
 * whose future fails with one.
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
  DecodedList<Schedule> list();

  /**
   * Asynchronous {@link #list}.
   *
   * @return a future of what {@link #list} returns
   */
  CompletableFuture<List<Schedule>> listAsync();

  /**
   * One schedule ({@code GET /v2/schedules/{id}}); empty when Cal.com answers {@code data: null}.
   *
   * @param scheduleId the schedule ID
   * @return one schedule ({@code GET /v2/schedules/{id}}); empty when Cal.com answers {@code data: null}
   */
  Optional<Schedule> get(long scheduleId);

  /**
   * Asynchronous {@link #get}.
   *
   * @param scheduleId the schedule ID
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Optional<Schedule>> getAsync(long scheduleId);

  /**
   * The user's default schedule ({@code GET /v2/schedules/default}); empty when the user has none.
   *
   * @return the user's default schedule ({@code GET /v2/schedules/default}); empty when the user has none
   */
  Optional<Schedule> getDefault();

  /**
   * Asynchronous {@link #getDefault}.
   *
   * @return a future of what {@link #getDefault} returns
   */
  CompletableFuture<Optional<Schedule>> getDefaultAsync();
}
