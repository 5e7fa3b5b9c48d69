package dev.calcomclient.internal.resource;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.SchedulesService;
import dev.calcomclient.cache.internal.MetadataCache;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.Schedule;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link SchedulesService} over the pipeline; answers go through the {@link MetadataCache} (kept in process, L1
 * only, for the metadata TTL; nothing kept when the cache is disabled).
 */
public final class DefaultSchedulesService implements SchedulesService {
  private final ApiCaller caller;
  private final MetadataCache cache;

  /** Creates the service without a cache. */
  public DefaultSchedulesService(ApiCaller caller) {
    this(caller, MetadataCache.disabled());
  }

  /** Creates the service; {@code cache} is {@link MetadataCache#disabled()} for none. */
  public DefaultSchedulesService(ApiCaller caller, MetadataCache cache) {
    this.caller = caller;
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  private CalcomRequest request(Operation operation, String path, RequestOptions options) {
    Checks.required("options", options);
    return caller.request(operation, path, options, Priority.STANDARD).build();
  }

  private <T> CompletableFuture<T> cached(CalcomRequest r, Supplier<CompletableFuture<T>> load) {
    return cache.get(r, load, v -> !(v instanceof Optional<?> o) || o.isPresent());
  }

  @Override
  public DecodedList<Schedule> list(RequestOptions options) {
    List<Schedule> list = caller.await(listAsync(options), options);
    return list instanceof DecodedList<Schedule> d ? d : DecodedList.of(list);
  }

  @Override
  public CompletableFuture<List<Schedule>> listAsync(RequestOptions options) {
    CalcomRequest r = request(Operation.SCHEDULES_LIST, "/v2/schedules", options);
    return cached(
        r,
        () -> caller.send(r).thenApply(resp -> caller.decoder().list(r.operation(), resp, Schedule.class)));
  }

  @Override
  public Optional<Schedule> get(long scheduleId, RequestOptions options) {
    return caller.await(getAsync(scheduleId, options), options);
  }

  @Override
  public CompletableFuture<Optional<Schedule>> getAsync(long scheduleId, RequestOptions options) {
    String path = "/v2/schedules/" + PathSegments.id("scheduleId", scheduleId);
    CalcomRequest r = request(Operation.SCHEDULE_GET, path, options);
    return cached(r, () -> caller.send(r).thenApply(resp -> caller.decoder().optional(r.operation(), resp, Schedule.class)));
  }

  @Override
  public Optional<Schedule> getDefault(RequestOptions options) {
    return caller.await(getDefaultAsync(options), options);
  }

  @Override
  public CompletableFuture<Optional<Schedule>> getDefaultAsync(RequestOptions options) {
    CalcomRequest r = request(Operation.SCHEDULE_DEFAULT_GET, "/v2/schedules/default", options);
    return cached(r, () -> caller.send(r).thenApply(resp -> caller.decoder().optional(r.operation(), resp, Schedule.class)));
  }
}
