package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A host of a team event type, as listed in {@link EventType#hosts()}.
 *
 * @param userId the host's user id, or {@code null} when Cal.com sent only a name
 * @param name display name
 * @param username Cal.com username
 * @param mandatory for round robin: whether this host always attends, or {@code null}
 * @param priority for round robin: {@code lowest} to {@code highest}, or {@code null}
 * @param avatarUrl avatar URL, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventTypeHost(
    Long userId, String name, String username, Boolean mandatory, String priority, String avatarUrl) {

  /**
   * The canonical constructor, used for Cal.com's object form.
   *
   * @param userId the user ID
   * @param name the name
   * @param username the username
   * @param mandatory the mandatory
   * @param priority the priority
   * @param avatarUrl the avatar URL
   */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public EventTypeHost(
      @JsonProperty("userId") Long userId,
      @JsonProperty("name") String name,
      @JsonProperty("username") String username,
      @JsonProperty("mandatory") Boolean mandatory,
      @JsonProperty("priority") String priority,
      @JsonProperty("avatarUrl") String avatarUrl) {
    this.userId = userId;
    this.name = name;
    this.username = username;
    this.mandatory = mandatory;
    this.priority = priority;
    this.avatarUrl = avatarUrl;
  }

  /**
   * The OpenAPI document declares hosts as plain strings; accept that form as a username.
   *
   * @param username the username
   * @return the OpenAPI document declares hosts as plain strings; accept that form as a username
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static EventTypeHost ofUsername(String username) {
    return new EventTypeHost(null, null, username, null, null, null);
  }
}
