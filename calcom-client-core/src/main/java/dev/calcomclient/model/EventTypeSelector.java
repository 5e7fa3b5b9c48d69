package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;

/**
 * Which event type a slot search or booking is for: by id, by slug and owner username, or by slug and team
 * slug, optionally inside an organization. Exactly one of the three forms; checked on construction.
 *
 * @param eventTypeId the event type id, or {@code null} when selecting by slug
 * @param eventTypeSlug the event type slug, or {@code null} when selecting by id
 * @param username the owner's username (with a slug), or {@code null}
 * @param teamSlug the owning team's slug (with a slug), or {@code null}
 * @param organizationSlug the organization the user or team belongs to, or {@code null}
 */
public record EventTypeSelector(
    Long eventTypeId, String eventTypeSlug, String username, String teamSlug, String organizationSlug) {

  /**
   * Checks that exactly one form is used.
   *
   * @param eventTypeId the event type ID
   * @param eventTypeSlug the event type slug
   * @param username the username
   * @param teamSlug the team slug
   * @param organizationSlug the organization slug
   * @throws ValidationException naming the field to fix
   */
  public EventTypeSelector {
    if (eventTypeId != null) {
      Checks.positive("eventTypeId", eventTypeId);
      if (eventTypeSlug != null || username != null || teamSlug != null) {
        throw new ValidationException(
            "eventTypeSlug", "must not be combined with eventTypeId: select by id or by slug, not both");
      }
      if (organizationSlug != null) {
        throw new ValidationException("organizationSlug", "only applies when selecting by eventTypeSlug");
      }
    } else {
      if (eventTypeSlug == null) {
        throw missing();
      }
      Checks.name("eventTypeSlug", eventTypeSlug);
      if (username == null && teamSlug == null) {
        throw new ValidationException("username", "or teamSlug is required with eventTypeSlug");
      }
      if (username != null && teamSlug != null) {
        throw new ValidationException("teamSlug", "must not be combined with username");
      }
      if (username != null) {
        Checks.name("username", username);
      } else {
        Checks.name("teamSlug", teamSlug);
      }
      if (organizationSlug != null) {
        Checks.name("organizationSlug", organizationSlug);
      }
    }
  }

  /** The failure for a request that names no event type at all. */
  static ValidationException missing() {
    return new ValidationException(
        "eventTypeId",
        "is required: select the event type by eventTypeId, eventTypeSlug + username, or eventTypeSlug + teamSlug");
  }

  /**
   * Selects an event type by id.
   *
   * @param eventTypeId the event type ID
   * @return the event type selector
   */
  public static EventTypeSelector byId(long eventTypeId) {
    return new EventTypeSelector(eventTypeId, null, null, null, null);
  }

  /**
   * Selects a user's event type by slug.
   *
   * @param eventTypeSlug the event type slug
   * @param username the username
   * @return the event type selector
   */
  public static EventTypeSelector byUser(String eventTypeSlug, String username) {
    return new EventTypeSelector(null, eventTypeSlug, Checks.required("username", username), null, null);
  }

  /**
   * Selects a team's event type by slug.
   *
   * @param eventTypeSlug the event type slug
   * @param teamSlug the team slug
   * @return the event type selector
   */
  public static EventTypeSelector byTeam(String eventTypeSlug, String teamSlug) {
    return new EventTypeSelector(null, eventTypeSlug, null, Checks.required("teamSlug", teamSlug), null);
  }

  /**
   * This selector inside an organization (slug forms only).
   *
   * @param organizationSlug the organization slug
   * @return this selector inside an organization (slug forms only)
   */
  public EventTypeSelector inOrganization(String organizationSlug) {
    return new EventTypeSelector(
        eventTypeId, eventTypeSlug, username, teamSlug, Checks.required("organizationSlug", organizationSlug));
  }

  /**
   * Whether this selects by id.
   *
   * @return whether this selects by id
   */
  public boolean isById() {
    return eventTypeId != null;
  }
}
