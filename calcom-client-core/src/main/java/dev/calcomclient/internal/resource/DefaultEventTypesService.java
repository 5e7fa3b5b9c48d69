package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.JavaType;
import dev.calcomclient.EventTypesService;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeQuery;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link EventTypesService} over the pipeline. */
public final class DefaultEventTypesService implements EventTypesService {
  private static final JavaType EVENT_TYPE_LIST = Json.listOf(EventType.class);

  private final ApiCaller caller;

  /** Creates the service. */
  public DefaultEventTypesService(ApiCaller caller) {
    this.caller = caller;
  }

  @Override
  public List<EventType> list(String username) {
    return Futures.join(listAsync(username));
  }

  @Override
  public CompletableFuture<List<EventType>> listAsync(String username) {
    return listAsync(EventTypeQuery.ofUser(username));
  }

  @Override
  public List<EventType> list(EventTypeQuery query) {
    return Futures.join(listAsync(query));
  }

  @Override
  public CompletableFuture<List<EventType>> listAsync(EventTypeQuery query) {
    Checks.required("query", query);
    CalcomRequest.Builder b = caller.request(Operation.EVENT_TYPES_LIST, "/v2/event-types");
    b.query("username", query.username());
    b.query("eventSlug", query.eventSlug());
    if (!query.usernames().isEmpty()) {
      b.query("usernames", String.join(",", query.usernames()));
    }
    b.query("orgSlug", query.orgSlug());
    b.query("orgId", query.orgId());
    return caller.<List<EventType>>call(b.build(), EVENT_TYPE_LIST).thenApply(DefaultEventTypesService::orEmpty);
  }

  @Override
  public Optional<EventType> get(long eventTypeId) {
    return Futures.join(getAsync(eventTypeId));
  }

  @Override
  public CompletableFuture<Optional<EventType>> getAsync(long eventTypeId) {
    String path = "/v2/event-types/" + PathSegments.id("eventTypeId", eventTypeId);
    CalcomRequest r = caller.request(Operation.EVENT_TYPE_GET, path).build();
    return caller.send(r).thenApply(resp -> Responses.optionalData(resp, EventType.class));
  }

  @Override
  public List<EventType> listForTeam(long teamId) {
    return Futures.join(listForTeamAsync(teamId));
  }

  @Override
  public CompletableFuture<List<EventType>> listForTeamAsync(long teamId) {
    String path = "/v2/teams/" + PathSegments.id("teamId", teamId) + "/event-types";
    CalcomRequest r = caller.request(Operation.TEAM_EVENT_TYPES_LIST, path).build();
    return caller.<List<EventType>>call(r, EVENT_TYPE_LIST).thenApply(DefaultEventTypesService::orEmpty);
  }

  @Override
  public EventType getForTeam(long teamId, long eventTypeId) {
    return Futures.join(getForTeamAsync(teamId, eventTypeId));
  }

  @Override
  public CompletableFuture<EventType> getForTeamAsync(long teamId, long eventTypeId) {
    String path =
        "/v2/teams/"
            + PathSegments.id("teamId", teamId)
            + "/event-types/"
            + PathSegments.id("eventTypeId", eventTypeId);
    CalcomRequest r = caller.request(Operation.TEAM_EVENT_TYPE_GET, path).build();
    return caller.send(r).thenApply(resp -> Responses.singleOrFirst(resp, EventType.class));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
