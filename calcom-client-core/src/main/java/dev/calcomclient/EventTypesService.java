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
 * anything is sent.
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
  DecodedList<EventType> list(String username);

  /**
   * Asynchronous {@link #list(String)}.
   *
   * @param username the username
   * @return a future of what {@link #list(String)} returns
   */
  CompletableFuture<List<EventType>> listAsync(String username);

  /**
   * The event types matching {@code query} ({@code GET /v2/event-types}).
   *
   * @param query the query
   * @return the list
   */
  DecodedList<EventType> list(EventTypeQuery query);

  /**
   * Asynchronous {@link #list(EventTypeQuery)}.
   *
   * @param query the query
   * @return a future of what {@link #list(EventTypeQuery)} returns
   */
  CompletableFuture<List<EventType>> listAsync(EventTypeQuery query);

  /**
   * One of the authenticated user's event types ({@code GET /v2/event-types/{id}}); empty when Cal.com answers
   * {@code data: null}.
   *
   * @param eventTypeId the event type ID
   * @return one of the authenticated user's event types ({@code GET /v2/event-types/{id}}); empty when Cal.com answers
   *     {@code data: null}
   */
  Optional<EventType> get(long eventTypeId);

  /**
   * Asynchronous {@link #get}.
   *
   * @param eventTypeId the event type ID
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Optional<EventType>> getAsync(long eventTypeId);

  /**
   * A team's event types ({@code GET /v2/teams/{teamId}/event-types}).
   *
   * @param teamId the team id
   * @return the list for team
   */
  DecodedList<EventType> listForTeam(long teamId);

  /**
   * Asynchronous {@link #listForTeam}.
   *
   * @param teamId the team ID
   * @return a future of what {@link #listForTeam} returns
   */
  CompletableFuture<List<EventType>> listForTeamAsync(long teamId);

  /**
   * One team event type ({@code GET /v2/teams/{teamId}/event-types/{id}}).
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @return one team event type ({@code GET /v2/teams/{teamId}/event-types/{id}})
   */
  EventType getForTeam(long teamId, long eventTypeId);

  /**
   * Asynchronous {@link #getForTeam}.
   *
   * @param teamId the team ID
   * @param eventTypeId the event type ID
   * @return a future of what {@link #getForTeam} returns
   */
  CompletableFuture<EventType> getForTeamAsync(long teamId, long eventTypeId);
}
