package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The endpoints the fake serves, in match order (literal segments before parameters). */
public final class Routes {
  static final Route.VersionRule SLOTS =
      new Route.VersionRule(Set.of("2024-09-04"), "slots", Route.Mismatch.NOT_FOUND);
  static final Route.VersionRule BOOKINGS =
      new Route.VersionRule(Set.of("2024-08-13", "2026-02-25"), "bookings", Route.Mismatch.LEGACY_NOT_EMULATED);
  static final Route.VersionRule EVENT_TYPES =
      new Route.VersionRule(Set.of("2024-06-14"), "event types", Route.Mismatch.LEGACY_NOT_EMULATED);
  static final Route.VersionRule SCHEDULES =
      new Route.VersionRule(Set.of("2024-06-11", "2024-06-14"), "schedules", Route.Mismatch.LEGACY_NOT_EMULATED);

  private final List<Route> routes;
  private final BookingsApi bookings;
  private final SlotEngine engine;

  public Routes(FakeState state, Clock clock, WebhookDispatcher webhooks) {
    SlotEngine engine = new SlotEngine(state);
    this.engine = engine;
    Views views = new Views(state);
    SlotsApi slots = new SlotsApi(state, engine, clock);
    this.bookings = new BookingsApi(state, engine, views, clock, webhooks);
    CatalogApi catalog = new CatalogApi(state, views);
    Route.AuthMode none = Route.AuthMode.NONE;
    Route.AuthMode optional = Route.AuthMode.OPTIONAL;
    Route.AuthMode required = Route.AuthMode.REQUIRED;
    Route.VersionRule any = Route.VersionRule.ANY;
    List<Route> all = new java.util.ArrayList<>(List.of(
        new Route("GET", "/v2/slots", "slots", SLOTS, none, slots::getSlots),
        new Route("POST", "/v2/slots/reservations", "reservations", SLOTS, optional, slots::reserve),
        new Route("GET", "/v2/slots/reservations/{uid}", "reservations", SLOTS, none, slots::getReservation),
        new Route("PATCH", "/v2/slots/reservations/{uid}", "reservations", SLOTS, optional,
            slots::updateReservation),
        new Route("DELETE", "/v2/slots/reservations/{uid}", "reservations", SLOTS, none, slots::deleteReservation),
        new Route("POST", "/v2/bookings", "bookings", BOOKINGS, optional, bookings::create),
        new Route("GET", "/v2/bookings", "bookings", BOOKINGS, required, bookings::list),
        new Route("GET", "/v2/bookings/{uid}", "bookings", BOOKINGS, optional, bookings::get),
        new Route("POST", "/v2/bookings/{uid}/cancel", "bookings", BOOKINGS, optional, bookings::cancel),
        new Route("POST", "/v2/bookings/{uid}/reschedule", "bookings", BOOKINGS, optional, bookings::reschedule),
        new Route("GET", "/v2/event-types", "event-types", EVENT_TYPES, optional, catalog::eventTypes),
        new Route("GET", "/v2/event-types/{id}", "event-types", EVENT_TYPES, required, catalog::eventType),
        new Route("GET", "/v2/teams/{teamId}/event-types", "event-types", any, optional, catalog::teamEventTypes),
        new Route("GET", "/v2/teams/{teamId}/event-types/{id}", "event-types", any, required,
            catalog::teamEventType),
        new Route("GET", "/v2/schedules", "schedules", SCHEDULES, required, catalog::schedules),
        new Route("GET", "/v2/schedules/default", "schedules", SCHEDULES, required, catalog::defaultSchedule),
        new Route("GET", "/v2/schedules/{id}", "schedules", SCHEDULES, required, catalog::schedule),
        new Route("GET", "/v2/me", "me", any, required, catalog::me)));
    all.addAll(new WebhookRoutes(webhooks).routes());
    this.routes = List.copyOf(all);
  }

  public List<Route> routes() {
    return routes;
  }

  /** Bookable starts of {@code eventType} in {@code [from, to]} at {@code now}; call while holding the state lock. */
  public List<Instant> slots(FakeEventType eventType, Instant from, Instant to, Instant now) {
    return engine.slots(eventType, from, to, eventType.lengthInMinutes(), null, now);
  }

  /**
   * Bookable starts of {@code eventType} in {@code [from, to]} at {@code now} as if only the bookings {@code counted}
   * accepts existed; call while holding the state lock.
   */
  public List<Instant> slots(FakeEventType eventType, Instant from, Instant to, Instant now,
      Predicate<FakeBooking> counted) {
    return engine.slotsCounting(eventType, from, to, eventType.lengthInMinutes(), b -> counted.test(b.toView()), now);
  }

  /** Seeds a booking bypassing availability checks; call while holding the state lock. */
  public FakeBooking seedBooking(FakeEventType eventType, Instant start, String attendeeName, String attendeeEmail) {
    return bookings.seed(eventType, start, attendeeName, attendeeEmail).toView();
  }
}
