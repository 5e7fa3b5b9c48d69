package dev.calcomclient.pipeline;

/**
 * Every Cal.com API call this client makes, named by what it does. Layers use the operation to pick their
 * behaviour (cacheable reads, mutations that must never be sent twice, timeouts, breaker group).
 */
public enum Operation {
  SLOTS_FIND(HttpMethod.GET, ApiResource.SLOTS, EndpointGroup.SLOTS),
  SLOT_RESERVE(HttpMethod.POST, ApiResource.SLOTS, EndpointGroup.SLOTS),
  SLOT_RESERVATION_GET(HttpMethod.GET, ApiResource.SLOTS, EndpointGroup.SLOTS),
  SLOT_RESERVATION_UPDATE(HttpMethod.PATCH, ApiResource.SLOTS, EndpointGroup.SLOTS),
  SLOT_RESERVATION_DELETE(HttpMethod.DELETE, ApiResource.SLOTS, EndpointGroup.SLOTS),
  BOOKING_CREATE(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  BOOKING_GET(HttpMethod.GET, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  BOOKING_LIST(HttpMethod.GET, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  BOOKING_CANCEL(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  BOOKING_RESCHEDULE(HttpMethod.POST, ApiResource.BOOKINGS, EndpointGroup.BOOKINGS),
  EVENT_TYPES_LIST(HttpMethod.GET, ApiResource.EVENT_TYPES, EndpointGroup.OTHER),
  EVENT_TYPE_GET(HttpMethod.GET, ApiResource.EVENT_TYPES, EndpointGroup.OTHER),
  TEAM_EVENT_TYPES_LIST(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER),
  TEAM_EVENT_TYPE_GET(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER),
  SCHEDULES_LIST(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  SCHEDULE_GET(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  SCHEDULE_DEFAULT_GET(HttpMethod.GET, ApiResource.SCHEDULES, EndpointGroup.OTHER),
  ME_GET(HttpMethod.GET, ApiResource.UNVERSIONED, EndpointGroup.OTHER);

  private final HttpMethod method;
  private final ApiResource resource;
  private final EndpointGroup group;

  Operation(HttpMethod method, ApiResource resource, EndpointGroup group) {
    this.method = method;
    this.resource = resource;
    this.group = group;
  }

  /** The HTTP method of this operation. */
  public HttpMethod method() {
    return method;
  }

  /** The resource whose {@code cal-api-version} this operation sends. */
  public ApiResource resource() {
    return resource;
  }

  /** The endpoint group (timeouts, circuit breaker). */
  public EndpointGroup group() {
    return group;
  }

  /** Whether this operation changes state on the server (never cached, never coalesced). */
  public boolean isMutation() {
    return method.isMutation();
  }
}
