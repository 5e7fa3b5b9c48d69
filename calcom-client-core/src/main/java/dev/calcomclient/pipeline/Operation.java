package dev.calcomclient.pipeline;

/**
 * Every Cal.com API call this client makes, named by what it does. Layers use the operation to pick their
 * behaviour (cacheable reads, mutations that must never be sent twice, timeouts, breaker group).
 */
public enum Operation {
  /** Slots find. */
  SLOTS_FIND(HttpMethod.GET, ApiResource.SLOTS, EndpointGroup.SLOTS),
  /** Slot reserve. */
  SLOT_RESERVE(HttpMethod.POST, ApiResource.SLOTS, EndpointGroup.SLOTS),
  /** Slot reservation get. */
  SLOT_RESERVATION_GET(HttpMethod.GET, ApiResource.SLOTS, EndpointGroup.SLOTS),
  /** Slot reservation update. */
  SLOT_RESERVATION_UPDATE(HttpMethod.PATCH, ApiResource.SLOTS, EndpointGroup.SLOTS),
  /** Slot reservation delete. */
  SLOT_RESERVATION_DELETE(HttpMethod.DELETE, ApiResource.SLOTS, EndpointGroup.SLOTS),
  /** Booking create. */
  BOOKING_CREATE(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  /** Booking get. */
  BOOKING_GET(HttpMethod.GET, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  /** Booking list. */
  BOOKING_LIST(HttpMethod.GET, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  /** Booking cancel. */
  BOOKING_CANCEL(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  /** Booking reschedule. */
  BOOKING_RESCHEDULE(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  /** Event types list. */
  EVENT_TYPES_LIST(HttpMethod.GET, ApiResource.EVENT_TYPES, EndpointGroup.OTHER),
  /** Event type get. */
  EVENT_TYPE_GET(HttpMethod.GET, ApiResource.EVENT_TYPES, EndpointGroup.OTHER),
  /** Team event types list. */
  TEAM_EVENT_TYPES_LIST(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER),
  /** Team event type get. */
  TEAM_EVENT_TYPE_GET(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER),
  /** Schedules list. */
  SCHEDULES_LIST(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  /** Schedule get. */
  SCHEDULE_GET(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  /** Schedule default get. */
  SCHEDULE_DEFAULT_GET(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  /** Me get. */
  ME_GET(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER);

  private final HttpMethod method;
  private final ApiResource resource;
  private final EndpointGroup group;

  Operation(HttpMethod method, ApiResource resource, EndpointGroup group) {
    this.method = method;
    this.resource = resource;
    this.group = group;
  }

  /**
   * The HTTP method of this operation.
   *
   * @return the HTTP method of this operation
   */
  public HttpMethod method() {
    return method;
  }

  /**
   * The resource whose {@code cal-api-version} this operation sends.
   *
   * @return the resource whose {@code cal-api-version} this operation sends
   */
  public ApiResource resource() {
    return resource;
  }

  /**
   * The endpoint group (timeouts, circuit breaker).
   *
   * @return the endpoint group (timeouts, circuit breaker)
   */
  public EndpointGroup group() {
    return group;
  }

  /**
   * Whether this operation changes state on the server (never cached, never coalesced).
   *
   * @return whether this operation changes state on the server (never cached, never coalesced)
   */
  public boolean isMutation() {
    return method.isMutation();
  }
}
