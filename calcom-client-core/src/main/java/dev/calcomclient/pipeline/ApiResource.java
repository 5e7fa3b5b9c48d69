package dev.calcomclient.pipeline;

/**
 * The Cal.com resources that select their controller through the {@code cal-api-version} header, with the
 * version this client speaks by default. A missing or unknown version silently routes the request to Cal.com's
 * legacy 2024-04-15 controllers, so every request of a versioned resource carries its header.
 */
public enum ApiResource {
  /** {@code /v2/slots*}: only 2024-09-04 has {@code GET /v2/slots}. */
  SLOTS("2024-09-04"),
  /** {@code /v2/bookings*}. */
  BOOKINGS("2024-08-13"),
  /** {@code /v2/event-types*}. */
  EVENT_TYPES("2024-06-14"),
  /** {@code /v2/schedules*}. */
  SCHEDULES("2024-06-11"),
  /** Endpoints that accept every version ({@code /v2/me}, team event types, webhooks): no header is sent. */
  UNVERSIONED(null);

  private final String defaultVersion;

  ApiResource(String defaultVersion) {
    this.defaultVersion = defaultVersion;
  }

  /**
   * The {@code cal-api-version} value sent unless overridden on the builder, or {@code null} for none.
   *
   * @return the {@code cal-api-version} value sent unless overridden on the builder, or {@code null} for none
   */
  public String defaultVersion() {
    return defaultVersion;
  }
}
