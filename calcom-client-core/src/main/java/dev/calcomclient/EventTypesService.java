package dev.calcomclient;

import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeQuery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Event types: personal ({@code /v2/event-types}, {@code cal-api-version 2024-06-14}) and team
 * ({@code /v2/teams/{teamId}/event-types}, unversioned).
 *
 * <p>Each method has a blocking form, which throws a {@link CalcomException}, and an {@code ...Async} form,
 * whose future fails with one. Invalid arguments throw {@link ValidationException} from both forms, before
 * anything is sent. Every method has a form with a trailing {@link RequestOptions} (rate-limit lane, longest wait
 * for a token, call timeout).
 *
 * <p>Lists are decoded element by element: an event type without a valid id is left out, the others are returned;
 * the list returned is a {@link DecodedList} whose {@link DecodedList#skipped()} and
 * {@link DecodedList#decodeIssues()} tell what was left out (for the asynchronous forms, read them with
 * {@link DecodedList#issuesOf}).
 */
public interface EventTypesService {

  /**
   * The public event types of {@code username} ({@code GET /v2/event-types?username=}).
   *
   * @param username the username
   * @return the list
   */
  default DecodedList<EventType> list(String username) {
    return list(username, RequestOptions.defaults());
  }

  /**
   * As {@link #list(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param username the username
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the list
   */
  DecodedList<EventType> list(String username, RequestOptions options);

  /**
   * Asynchronous {@link #list(String)}.
   *
   * @param username the username
   * @return a future of what {@link #list(String)} returns
   */
  default CompletableFuture<List<EventType>> listAsync(String username) {
    return listAsync(username, RequestOptions.defaults());
  }

  /**
   * As {@link #listAsync(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param username the username
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #list(String)} returns
   */
  CompletableFuture<List<EventType>> listAsync(String username, RequestOptions options);

  /**
   * The event types matching {@code query} ({@code GET /v2/event-types}).
   *
   * @param query the query
   * @return the list
   */
  default DecodedList<EventType> list(EventTypeQuery query) {
    return list(query, RequestOptions.defaults());
  }

  /**
   * As {@link #list(EventTypeQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the list
   */
  DecodedList<EventType> list(EventTypeQuery query, RequestOptions options);

  /**
   * Asynchronous {@link #list(EventTypeQuery)}.
   *
   * @param query the query
   * @return a future of what {@link #list(EventTypeQuery)} returns
   */
  default CompletableFuture<List<EventType>> listAsync(EventTypeQuery query) {
    return listAsync(query, RequestOptions.defaults());
  }

  /**
   * As {@link #listAsync(EventTypeQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #list(EventTypeQuery)} returns
   */
  CompletableFuture<List<EventType>> listAsync(EventTypeQuery query, RequestOptions options);

  /**
   * One of the authenticated user's event types ({@code GET /v2/event-types/{id}}); empty when Cal.com answers
   * {@code data: null}.
   *
   * @param eventTypeId the event type ID
   * @return one of the authenticated user's event types ({@code GET /v2/event-types/{id}}); empty when Cal.com answers
   *     {@code data: null}
   */
  default Optional<EventType> get(long eventTypeId) {
    return get(eventTypeId, RequestOptions.defaults());
  }

  /**
   * As {@link #get(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param eventTypeId the event type ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return one of the authenticated user's event types ({@code GET /v2/event-types/{id}}); empty when Cal.com answers
   *     {@code data: null}
   */
  Optional<EventType> get(long eventTypeId, RequestOptions options);

  /**
   * Asynchronous {@link #get}.
   *
   * @param eventTypeId the event type ID
   * @return a future of what {@link #get} returns
   */
  default CompletableFuture<Optional<EventType>> getAsync(long eventTypeId) {
    return getAsync(eventTypeId, RequestOptions.defaults());
  }

  /**
   * As {@link #getAsync(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param eventTypeId the event type ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Optional<EventType>> getAsync(long eventTypeId, RequestOptions options);

  /**
   * A team's event types ({@code GET /v2/teams/{teamId}/event-types}).
   *
   * @param teamId the team id
   * @return the list for team
   */
  default DecodedList<EventType> listForTeam(long teamId) {
    return listForTeam(teamId, RequestOptions.defaults());
  }

  /**
   * As {@link #listForTeam(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param teamId the team id
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the list for team
   */
  DecodedList<EventType> listForTeam(long teamId, RequestOptions options);

  /**
   * Asynchronous {@link #listForTeam}.
   *
   * @param teamId the team ID
   * @return a future of what {@link #listForTeam} returns
   */
  default CompletableFuture<List<EventType>> listForTeamAsync(long teamId) {
    return listForTeamAsync(teamId, RequestOptions.defaults());
  }

  /**
   * As {@link #listForTeamAsync(long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param teamId the team ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #listForTeam} returns
   */
  CompletableFuture<List<EventType>> listForTeamAsync(long teamId, RequestOptions options);

  /**
   * One team event type ({@code GET /v2/teams/{teamId}/event-types/{id}}).
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @return one team event type ({@code GET /v2/teams/{teamId}/event-types/{id}})
   */
  default EventType getForTeam(long teamId, long eventTypeId) {
    return getForTeam(teamId, eventTypeId, RequestOptions.defaults());
  }

  /**
   * As {@link #getForTeam(long, long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return one team event type ({@code GET /v2/teams/{teamId}/event-types/{id}})
   */
  EventType getForTeam(long teamId, long eventTypeId, RequestOptions options);

  /**
   * Asynchronous {@link #getForTeam}.
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @return a future of what {@link #getForTeam} returns
   */
  default CompletableFuture<EventType> getForTeamAsync(long teamId, long eventTypeId) {
    return getForTeamAsync(teamId, eventTypeId, RequestOptions.defaults());
  }

  /**
   * As {@link #getForTeamAsync(long, long)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #getForTeam} returns
   */
  CompletableFuture<EventType> getForTeamAsync(long teamId, long eventTypeId, RequestOptions options);
}
