package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.FakeUser;
import java.util.Optional;

/** Event types (2024-06-14), team event types, schedules (2024-06-11) and {@code /v2/me}. */
final class CatalogApi {
  private final FakeState state;
  private final Views views;

  CatalogApi(FakeState state, Views views) {
    this.state = state;
    this.views = views;
  }

  FakeResponse eventTypes(FakeExchange ex) {
    String username = ex.queryParam("username");
    String eventSlug = ex.queryParam("eventSlug");
    if (ex.queryParam("usernames") != null) {
      throw ApiError.badRequest("FakeCalcom does not emulate dynamic event types (usernames).");
    }
    Long ownerId;
    if (username != null) {
      ownerId = state.userByUsername(username).map(FakeUser::id).orElse(null);
      if (ownerId == null) {
        throw ApiError.notFound("User with username " + username + " not found");
      }
    } else if (ex.principal() != null) {
      ownerId = ex.principal().userId();
    } else {
      ownerId = null;
    }
    ArrayNode data = Json.array();
    if (ownerId != null) {
      long owner = ownerId;
      state.eventTypes.values().stream()
          .filter(e -> !e.isTeamEvent() && e.ownerId() == owner)
          .filter(e -> eventSlug == null || e.slug().equals(eventSlug))
          .forEach(e -> data.add(views.eventType(e)));
    }
    return FakeResponse.success(200, data);
  }

  FakeResponse eventType(FakeExchange ex) {
    long id = numericParam(ex, "id");
    FakeEventType e = state.eventTypes.get(id);
    if (e == null) {
      throw ApiError.notFound("Event type with id " + id + " not found");
    }
    return FakeResponse.success(200, views.eventType(e));
  }

  FakeResponse teamEventTypes(FakeExchange ex) {
    long teamId = numericParam(ex, "teamId");
    String eventSlug = ex.queryParam("eventSlug");
    ArrayNode data = Json.array();
    state.eventTypes.values().stream()
        .filter(e -> e.isTeamEvent() && e.teamId() == teamId)
        .filter(e -> eventSlug == null || e.slug().equals(eventSlug))
        .forEach(e -> data.add(views.eventType(e)));
    return FakeResponse.success(200, data);
  }

  FakeResponse teamEventType(FakeExchange ex) {
    long teamId = numericParam(ex, "teamId");
    long id = numericParam(ex, "id");
    FakeEventType e = state.eventTypes.get(id);
    if (e == null || !e.isTeamEvent() || e.teamId() != teamId) {
      throw ApiError.notFound("Event type with id " + id + " not found");
    }
    return FakeResponse.success(200, views.eventType(e));
  }

  FakeResponse schedules(FakeExchange ex) {
    long me = ex.principal().userId();
    ArrayNode data = Json.array();
    state.schedules.values().stream().filter(s -> s.ownerId() == me).forEach(s -> data.add(views.schedule(s)));
    return FakeResponse.success(200, data);
  }

  FakeResponse defaultSchedule(FakeExchange ex) {
    Optional<FakeSchedule> schedule = state.defaultSchedule(ex.principal().userId());
    return FakeResponse.success(200, schedule.<com.fasterxml.jackson.databind.JsonNode>map(views::schedule)
        .orElse(NullNode.getInstance()));
  }

  FakeResponse schedule(FakeExchange ex) {
    long id = numericParam(ex, "id");
    FakeSchedule s = state.schedules.get(id);
    if (s == null || s.ownerId() != ex.principal().userId()) {
      throw ApiError.notFound("Schedule with id=" + id + " not found");
    }
    return FakeResponse.success(200, views.schedule(s));
  }

  FakeResponse me(FakeExchange ex) {
    FakeUser user = state.users.get(ex.principal().userId());
    return FakeResponse.success(200, views.me(user));
  }

  /** Nest's {@code ParseIntPipe}. */
  static long numericParam(FakeExchange ex, String name) {
    String value = ex.pathParam(name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("Validation failed (numeric string is expected)");
    }
  }
}
