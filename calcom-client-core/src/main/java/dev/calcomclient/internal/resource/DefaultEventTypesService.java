package dev.calcomclient.internal.resource;

import dev.calcomclient.EventTypesService;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.internal.MetadataCache;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeQuery;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link EventTypesService} over the pipeline. Answers go through the {@link MetadataCache} (kept in process, L1
 * only, for the metadata TTL; nothing kept when the cache is disabled); every event type decoded from Cal.com is passed to the observer (the slot cache, which
 * learns minimum notice and feeds the invalidator's dependency index).
 */
public final class DefaultEventTypesService implements EventTypesService {
  private final ApiCaller caller;
  private final MetadataCache cache;
  private final Consumer<EventType> observer;

  /** Creates the service without a cache. */
  public DefaultEventTypesService(ApiCaller caller) {
    this(caller, MetadataCache.disabled(), null);
  }

  /**
   * Creates the service.
   *
   * @param cache the metadata cache ({@link MetadataCache#disabled()} for none)
   * @param observer sees every event type decoded from Cal.com, or {@code null}
   */
  public DefaultEventTypesService(ApiCaller caller, MetadataCache cache, Consumer<EventType> observer) {
    this.caller = caller;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.observer = observer == null ? et -> {} : observer;
  }

  /**
   * How the event-type catalog loads one event type: {@code GET /v2/event-types/{id}} on the catalog's lane,
   * through the whole pipeline, past the metadata cache.
   *
   * @param caller the client's API caller
   * @return the loader
   */
  public static EventTypeCatalog.Loader backgroundLoader(ApiCaller caller) {
    return (eventTypeId, lane) -> {
      String path = "/v2/event-types/" + PathSegments.id("eventTypeId", eventTypeId);
      CalcomRequest r = caller.request(Operation.EVENT_TYPE_GET, path).priority(lane).build();
      return caller.send(r).thenApply(resp -> caller.decoder().optional(r.operation(), resp, EventType.class));
    };
  }

  /** A request on the standard lane unless {@code options} name another. */
  private CalcomRequest.Builder request(Operation operation, String path, RequestOptions options) {
    Checks.required("options", options);
    return caller.request(operation, path, options, Priority.STANDARD);
  }

  private <T> CompletableFuture<T> cached(CalcomRequest r, Supplier<CompletableFuture<T>> load) {
    return cache.get(r, load, v -> !(v instanceof Optional<?> o) || o.isPresent());
  }

  private DecodedList<EventType> observed(DecodedList<EventType> list) {
    list.forEach(observer);
    return list;
  }

  private EventType observed(EventType eventType) {
    observer.accept(eventType);
    return eventType;
  }

  @Override
  public DecodedList<EventType> list(String username, RequestOptions options) {
    return decoded(caller.await(listAsync(username, options), options));
  }

  @Override
  public CompletableFuture<List<EventType>> listAsync(String username, RequestOptions options) {
    return listAsync(EventTypeQuery.ofUser(username), options);
  }

  @Override
  public DecodedList<EventType> list(EventTypeQuery query, RequestOptions options) {
    return decoded(caller.await(listAsync(query, options), options));
  }

  @Override
  public CompletableFuture<List<EventType>> listAsync(EventTypeQuery query, RequestOptions options) {
    Checks.required("query", query);
    CalcomRequest.Builder b = request(Operation.EVENT_TYPES_LIST, "/v2/event-types", options);
    b.query("username", query.username());
    b.query("eventSlug", query.eventSlug());
    if (!query.usernames().isEmpty()) {
      b.query("usernames", String.join(",", query.usernames()));
    }
    b.query("orgSlug", query.orgSlug());
    b.query("orgId", query.orgId());
    CalcomRequest r = b.build();
    return cached(r, () -> loadList(r));
  }

  @Override
  public Optional<EventType> get(long eventTypeId, RequestOptions options) {
    return caller.await(getAsync(eventTypeId, options), options);
  }

  @Override
  public CompletableFuture<Optional<EventType>> getAsync(long eventTypeId, RequestOptions options) {
    String path = "/v2/event-types/" + PathSegments.id("eventTypeId", eventTypeId);
    CalcomRequest r = request(Operation.EVENT_TYPE_GET, path, options).build();
    return cached(
        r,
        () ->
            caller
                .send(r)
                .thenApply(resp -> caller.decoder().optional(r.operation(), resp, EventType.class))
                .thenApply(
                    found -> {
                      found.ifPresent(observer);
                      return found;
                    }));
  }

  @Override
  public DecodedList<EventType> listForTeam(long teamId, RequestOptions options) {
    return decoded(caller.await(listForTeamAsync(teamId, options), options));
  }

  @Override
  public CompletableFuture<List<EventType>> listForTeamAsync(long teamId, RequestOptions options) {
    String path = "/v2/teams/" + PathSegments.id("teamId", teamId) + "/event-types";
    CalcomRequest r = request(Operation.TEAM_EVENT_TYPES_LIST, path, options).build();
    return cached(r, () -> loadList(r));
  }

  @Override
  public EventType getForTeam(long teamId, long eventTypeId, RequestOptions options) {
    return caller.await(getForTeamAsync(teamId, eventTypeId, options), options);
  }

  @Override
  public CompletableFuture<EventType> getForTeamAsync(long teamId, long eventTypeId, RequestOptions options) {
    String path =
        "/v2/teams/"
            + PathSegments.id("teamId", teamId)
            + "/event-types/"
            + PathSegments.id("eventTypeId", eventTypeId);
    CalcomRequest r = request(Operation.TEAM_EVENT_TYPE_GET, path, options).build();
    return cached(
        r,
        () ->
            caller
                .send(r)
                .thenApply(resp -> observed(caller.decoder().one(r.operation(), resp, EventType.class))));
  }

  private CompletableFuture<List<EventType>> loadList(CalcomRequest r) {
    return caller
        .send(r)
        .thenApply(resp -> observed(caller.decoder().list(r.operation(), resp, EventType.class)));
  }

  private static <T> DecodedList<T> decoded(List<T> list) {
    return list instanceof DecodedList<T> d ? d : DecodedList.of(list);
  }
}
