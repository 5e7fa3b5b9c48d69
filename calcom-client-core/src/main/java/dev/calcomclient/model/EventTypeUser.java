package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user of a personal event type (its owner or a co-host), as listed in {@link EventType#users()}.
 *
 * @param id user id, or {@code null} when Cal.com sent only a name
 * @param name display name
 * @param username Cal.com username
 * @param avatarUrl avatar URL, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventTypeUser(Long id, String name, String username, String avatarUrl) {

  /**
   * The canonical constructor, used for Cal.com's object form.
   *
   * @param id the ID
   * @param name the name
   * @param username the username
   * @param avatarUrl the avatar URL
   */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public EventTypeUser(
      @JsonProperty("id") Long id,
      @JsonProperty("name") String name,
      @JsonProperty("username") String username,
      @JsonProperty("avatarUrl") String avatarUrl) {
    this.id = id;
    this.name = name;
    this.username = username;
    this.avatarUrl = avatarUrl;
  }

  /**
   * The OpenAPI document declares users as plain strings; accept that form as a username.
   *
   * @param username the username
   * @return the OpenAPI document declares users as plain strings; accept that form as a username
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static EventTypeUser ofUsername(String username) {
    return new EventTypeUser(null, null, username, null);
  }
}
