package dev.calcomclient.testkit;

import java.util.Objects;

/**
 * A Cal.com team seeded into {@link FakeCalcom}; team event types refer to it by {@code teamId}.
 *
 * @param id   numeric team id (path parameter of {@code /v2/teams/{teamId}/event-types})
 * @param slug team slug, used by the {@code eventTypeSlug + teamSlug} selectors
 * @param name display name
 */
public record FakeTeam(long id, String slug, String name) {

  /**
   * Validates the fields.
   *
   * @param id the ID
   * @param slug the slug
   * @param name the name
   */
  public FakeTeam {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Shorthand for the canonical constructor.
   *
   * @param id the ID
   * @param slug the slug
   * @param name the name
   * @return shorthand for the canonical constructor
   */
  public static FakeTeam of(long id, String slug, String name) {
    return new FakeTeam(id, slug, name);
  }
}
