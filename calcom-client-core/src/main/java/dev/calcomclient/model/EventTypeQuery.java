package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.util.List;

/**
 * Which event types {@code GET /v2/event-types} lists: a user's public ones, one by slug, a dynamic group of
 * several users, or (with no filter) the authenticated user's own. Checked on construction.
 *
 * @param username the owner's username, or {@code null}
 * @param eventSlug one event type's slug (needs {@code username}), or {@code null}
 * @param usernames the users of a dynamic group event, empty for none
 * @param orgSlug the organization of the user(s), or {@code null}
 * @param orgId the organization id of the user(s), or {@code null}
 */
public record EventTypeQuery(
    String username, String eventSlug, List<String> usernames, String orgSlug, Long orgId) {

  /**
   * Checks the query.
   *
   * @param username the username
   * @param eventSlug the event slug
   * @param usernames the usernames
   * @param orgSlug the org slug
   * @param orgId the org ID
   * @throws ValidationException naming the field to fix
   */
  public EventTypeQuery {
    if (username != null) {
      Checks.name("username", username);
    }
    if (eventSlug != null) {
      Checks.name("eventSlug", eventSlug);
      if (username == null) {
        throw new ValidationException("username", "is required with eventSlug");
      }
    }
    usernames = Copies.list(usernames);
    for (int i = 0; i < usernames.size(); i++) {
      Checks.name("usernames[" + i + "]", usernames.get(i));
    }
    if (orgSlug != null) {
      Checks.name("orgSlug", orgSlug);
    }
    if (orgId != null) {
      Checks.positive("orgId", orgId);
    }
  }

  /**
   * The authenticated user's own event types (hidden ones included).
   *
   * @return the authenticated user's own event types (hidden ones included)
   */
  public static EventTypeQuery mine() {
    return new EventTypeQuery(null, null, List.of(), null, null);
  }

  /**
   * The public event types of {@code username}.
   *
   * @param username the username
   * @return the public event types of {@code username}
   */
  public static EventTypeQuery ofUser(String username) {
    return new EventTypeQuery(Checks.required("username", username), null, List.of(), null, null);
  }

  /**
   * One event type of {@code username}, by slug.
   *
   * @param username the username
   * @param eventSlug the event slug
   * @return one event type of {@code username}, by slug
   */
  public static EventTypeQuery ofUserBySlug(String username, String eventSlug) {
    return new EventTypeQuery(
        Checks.required("username", username), Checks.required("eventSlug", eventSlug), List.of(), null, null);
  }

  /**
   * The dynamic group event type of several users.
   *
   * @param usernames the usernames
   * @return the dynamic group event type of several users
   */
  public static EventTypeQuery ofUsers(List<String> usernames) {
    return new EventTypeQuery(null, null, usernames, null, null);
  }

  /**
   * This query inside the organization with {@code orgSlug}.
   *
   * @param orgSlug the org slug
   * @return this query inside the organization with {@code orgSlug}
   */
  public EventTypeQuery inOrganization(String orgSlug) {
    return new EventTypeQuery(username, eventSlug, usernames, Checks.required("orgSlug", orgSlug), orgId);
  }
}
