package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.FakeTeam;
import dev.calcomclient.testkit.FakeUser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the fake knows: users, schedules, teams, event types, bookings, reservations and credentials.
 * All access happens while holding {@link #lock()}.
 */
public final class FakeState {
  private static final char[] BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();

  private final ReentrantLock lock = new ReentrantLock();
  private final SecureRandom random = new SecureRandom();

  final Map<Long, FakeUser> users = new LinkedHashMap<>();
  final Map<Long, FakeSchedule> schedules = new LinkedHashMap<>();
  final Map<Long, FakeTeam> teams = new LinkedHashMap<>();
  final Map<Long, FakeEventType> eventTypes = new LinkedHashMap<>();
  final Map<String, StoredBooking> bookings = new LinkedHashMap<>();
  final Map<String, Reservation> reservations = new LinkedHashMap<>();
  /** API key → user id ({@code null}: the first user). */
  final Map<String, Long> apiKeys = new LinkedHashMap<>();
  /** OAuth client id → client. */
  final Map<String, OAuthClient> oauthClients = new LinkedHashMap<>();
  private long nextBookingId = 1;

  /** A platform OAuth client; {@code userId == null} means the first user. */
  public record OAuthClient(String id, String secret, Long userId) {}

  public ReentrantLock lock() {
    return lock;
  }

  private void requireLocked() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("FakeState accessed without holding its lock");
    }
  }

  public void putUser(FakeUser user) {
    requireLocked();
    users.put(user.id(), user);
  }

  public void putSchedule(FakeSchedule schedule) {
    requireLocked();
    schedules.put(schedule.id(), schedule);
  }

  public void putTeam(FakeTeam team) {
    requireLocked();
    teams.put(team.id(), team);
  }

  public void putEventType(FakeEventType eventType) {
    requireLocked();
    eventTypes.put(eventType.id(), eventType);
  }

  public void putApiKey(String key, Long userId) {
    requireLocked();
    apiKeys.put(key, userId);
  }

  public void putOAuthClient(OAuthClient client) {
    requireLocked();
    oauthClients.put(client.id(), client);
  }

  public List<FakeUser> users() {
    requireLocked();
    return List.copyOf(users.values());
  }

  public List<FakeEventType> eventTypes() {
    requireLocked();
    return List.copyOf(eventTypes.values());
  }

  public List<StoredBooking> bookings() {
    requireLocked();
    return new ArrayList<>(bookings.values());
  }

  Optional<FakeUser> user(long id) {
    return Optional.ofNullable(users.get(id));
  }

  Optional<FakeUser> userByUsername(String username) {
    return users.values().stream().filter(u -> u.username().equals(username)).findFirst();
  }

  Optional<FakeTeam> teamBySlug(String slug) {
    return teams.values().stream().filter(t -> t.slug().equals(slug)).findFirst();
  }

  /** The user a credential without an explicit owner belongs to: the first seeded user. */
  Long firstUserId() {
    return users.isEmpty() ? null : users.keySet().iterator().next();
  }

  /** The user's default schedule: the explicit one, else the first schedule the user owns. */
  Optional<FakeSchedule> defaultSchedule(long userId) {
    FakeUser user = users.get(userId);
    if (user != null && user.defaultScheduleId() != null) {
      FakeSchedule s = schedules.get(user.defaultScheduleId());
      if (s != null) {
        return Optional.of(s);
      }
    }
    return schedules.values().stream().filter(s -> s.ownerId() == userId).findFirst();
  }

  long nextBookingId() {
    return nextBookingId++;
  }

  /** A 22-character base58 uid, like Cal.com's short uuids. */
  String newUid() {
    StringBuilder sb = new StringBuilder(22);
    for (int i = 0; i < 22; i++) {
      sb.append(BASE58[random.nextInt(BASE58.length)]);
    }
    return sb.toString();
  }

  /** Removes all bookings, reservations and seed data (credentials included). */
  public void clear() {
    requireLocked();
    users.clear();
    schedules.clear();
    teams.clear();
    eventTypes.clear();
    bookings.clear();
    reservations.clear();
    apiKeys.clear();
    oauthClients.clear();
    nextBookingId = 1;
  }
}
