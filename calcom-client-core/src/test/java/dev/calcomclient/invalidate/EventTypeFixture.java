package dev.calcomclient.invalidate;

import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeHost;
import dev.calcomclient.model.EventTypeUser;
import dev.calcomclient.model.SchedulingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link EventType}s with just the fields the invalidator reads. */
public final class EventTypeFixture {
  private final long id;
  private Integer length = 30;
  private final List<Integer> lengthOptions = new ArrayList<>();
  private Integer before = 0;
  private Integer after = 0;
  private Integer seats;
  private Long ownerId;
  private final List<EventTypeUser> users = new ArrayList<>();
  private Long teamId;
  private final List<EventTypeHost> hosts = new ArrayList<>();
  private SchedulingType schedulingType;
  private final Map<String, Object> limitsCount = new LinkedHashMap<>();
  private final Map<String, Object> limitsDuration = new LinkedHashMap<>();

  private EventTypeFixture(long id) {
    this.id = id;
  }

  /** A personal event type of {@code owner}, 30 minutes, no buffers. */
  public static EventTypeFixture personal(long id, long owner) {
    EventTypeFixture f = new EventTypeFixture(id);
    f.ownerId = owner;
    f.users.add(new EventTypeUser(owner, "user " + owner, "user" + owner, null));
    return f;
  }

  /** A team event type with {@code hostIds}, 30 minutes, no buffers. */
  public static EventTypeFixture team(long id, long teamId, SchedulingType type, long... hostIds) {
    EventTypeFixture f = new EventTypeFixture(id);
    f.teamId = teamId;
    f.schedulingType = type;
    for (long h : hostIds) {
      f.hosts.add(new EventTypeHost(h, "user " + h, "user" + h, false, "medium", null));
    }
    return f;
  }

  /** An event type whose hosts Cal.com sent as usernames only. */
  public static EventTypeFixture withoutHostIds(long id) {
    EventTypeFixture f = new EventTypeFixture(id);
    f.users.add(EventTypeUser.ofUsername("someone"));
    return f;
  }

  public EventTypeFixture mandatoryHost(long hostId) {
    hosts.add(new EventTypeHost(hostId, "user " + hostId, "user" + hostId, true, "high", null));
    return this;
  }

  public EventTypeFixture length(Integer minutes) {
    this.length = minutes;
    return this;
  }

  public EventTypeFixture lengthOptions(int... minutes) {
    for (int m : minutes) {
      lengthOptions.add(m);
    }
    return this;
  }

  public EventTypeFixture buffers(Integer beforeMinutes, Integer afterMinutes) {
    this.before = beforeMinutes;
    this.after = afterMinutes;
    return this;
  }

  /** Another user of a personal type (Cal.com's {@code users}): every booking needs them free too. */
  public EventTypeFixture hostAlso(long userId) {
    users.add(new EventTypeUser(userId, "user " + userId, "user" + userId, null));
    return this;
  }

  public EventTypeFixture seats(Integer perTimeSlot) {
    this.seats = perTimeSlot;
    return this;
  }

  public EventTypeFixture countLimit(String period, int count) {
    limitsCount.put(period, count);
    return this;
  }

  public EventTypeFixture durationLimit(String period, int minutes) {
    limitsDuration.put(period, minutes);
    return this;
  }

  public EventType build() {
    return new EventType(
        id, "type " + id, "type-" + id, "", length, lengthOptions, null, 0, before, after, seats, null, false,
        List.of(), List.of(), limitsCount, limitsDuration, List.of(), false, Map.of(), Map.of(), null, null, false,
        false, false, false, ownerId, users, teamId, hosts, schedulingType, null, null, Map.of());
  }
}
