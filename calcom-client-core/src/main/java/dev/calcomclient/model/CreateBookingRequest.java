package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new booking ({@code CreateBookingInput_2024_08_13}). Checked on construction against Cal.com's rules, so a
 * request that would be refused with 400 fails here instead, before anything is sent.
 *
 * <pre>{@code
 * CreateBookingRequest req = CreateBookingRequest.builder()
 *     .eventTypeId(42)
 *     .start(Instant.parse("2050-09-05T07:00:00Z"))
 *     .attendee(Attendee.withEmail("Ada Lovelace", "ada@example.com", ZoneId.of("Europe/London")))
 *     .metadata(Map.of("crmId", "1234"))
 *     .build();
 * }</pre>
 *
 * @param start the meeting's start
 * @param attendee who the booking is for
 * @param eventType which event type
 * @param guests additional guest emails
 * @param location where the meeting takes place, or {@code null} for the event type's default
 * @param metadata up to 50 string pairs (keys up to 40, values up to 500 characters)
 * @param lengthInMinutes the length for multi-duration event types, or {@code null}
 * @param bookingFieldsResponses answers to custom booking fields, keyed by field slug
 */
public record CreateBookingRequest(
    Instant start,
    Attendee attendee,
    EventTypeSelector eventType,
    List<String> guests,
    BookingLocation location,
    Map<String, String> metadata,
    Integer lengthInMinutes,
    Map<String, Object> bookingFieldsResponses) {

  /**
   * Checks the request and copies its collections.
   *
   * @param start the start
   * @param attendee the attendee
   * @param eventType the event type
   * @param guests the guests
   * @param location the location
   * @param metadata the metadata
   * @param lengthInMinutes the length in minutes
   * @param bookingFieldsResponses the booking fields responses
   * @throws ValidationException naming the field to fix
   */
  public CreateBookingRequest {
    Checks.instant("start", start);
    Checks.required("attendee", attendee);
    if (eventType == null) {
      throw EventTypeSelector.missing();
    }
    guests = Copies.list(guests);
    if (guests.size() > Checks.MAX_GUESTS) {
      throw new ValidationException("guests", "must hold at most " + Checks.MAX_GUESTS + ", got " + guests.size());
    }
    for (int i = 0; i < guests.size(); i++) {
      Checks.email("guests[" + i + "]", guests.get(i));
    }
    metadata = Copies.map(Checks.metadata("metadata", metadata));
    if (lengthInMinutes != null) {
      Checks.between("lengthInMinutes", lengthInMinutes, 1, Checks.MAX_MINUTES);
    }
    bookingFieldsResponses = Checks.jsonObject("bookingFieldsResponses", bookingFieldsResponses);
  }

  /**
   * Starts a request.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateBookingRequest}; {@link #build()} checks it. */
  public static final class Builder {
    private Instant start;
    private Attendee attendee;
    private EventTypeSelector eventType;
    private final List<String> guests = new ArrayList<>();
    private BookingLocation location;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Integer lengthInMinutes;
    private final Map<String, Object> bookingFieldsResponses = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The meeting's start.
     *
     * @param start the start
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /**
     * The meeting's start as ISO-8601 text ({@code 2050-09-05T07:00:00Z} or with an offset).
     *
     * @param start the start
     * @return this builder
     * @throws ValidationException if {@code start} is not an instant
     */
    public Builder start(String start) {
      this.start = Checks.parseInstant("start", start);
      return this;
    }

    /**
     * Who the booking is for.
     *
     * @param attendee the attendee
     * @return this builder
     */
    public Builder attendee(Attendee attendee) {
      this.attendee = attendee;
      return this;
    }

    /**
     * Books the event type with this id.
     *
     * @param eventTypeId the event type ID
     * @return this builder
     */
    public Builder eventTypeId(long eventTypeId) {
      this.eventType = EventTypeSelector.byId(eventTypeId);
      return this;
    }

    /**
     * Books the event type selected by {@code selector}.
     *
     * @param selector the selector
     * @return this builder
     */
    public Builder eventType(EventTypeSelector selector) {
      this.eventType = selector;
      return this;
    }

    /**
     * Adds guest emails.
     *
     * @param emails the emails
     * @return this builder
     * @throws ValidationException if {@code emails} is null
     */
    public Builder guests(List<String> emails) {
      this.guests.addAll(Checks.required("guests", emails));
      return this;
    }

    /**
     * Adds one guest email.
     *
     * @param email the email
     * @return this builder
     */
    public Builder guest(String email) {
      this.guests.add(email);
      return this;
    }

    /**
     * Where the meeting takes place.
     *
     * @param location the location
     * @return this builder
     */
    public Builder location(BookingLocation location) {
      this.location = location;
      return this;
    }

    /**
     * Adds metadata pairs.
     *
     * @param metadata the metadata
     * @return this builder
     * @throws ValidationException if {@code metadata} is null or has a null key
     */
    public Builder metadata(Map<String, String> metadata) {
      Checks.required("metadata", metadata).forEach(this::metadata);
      return this;
    }

    /**
     * Adds one metadata pair.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     * @throws ValidationException if {@code key} is null or empty
     */
    public Builder metadata(String key, String value) {
      if (key == null || key.isEmpty()) {
        throw new ValidationException("metadata", "keys must not be empty");
      }
      this.metadata.put(key, value);
      return this;
    }

    /**
     * The length for multi-duration event types.
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder lengthInMinutes(int minutes) {
      this.lengthInMinutes = minutes;
      return this;
    }

    /**
     * Adds answers to custom booking fields, keyed by field slug (text, numbers, booleans, lists and objects).
     *
     * @param responses the responses
     * @return this builder
     * @throws ValidationException if {@code responses} is null or has a null key
     */
    public Builder bookingFieldsResponses(Map<String, ?> responses) {
      Checks.required("bookingFieldsResponses", responses)
          .forEach(
              (key, value) -> {
                if (key == null || key.isBlank()) {
                  throw new ValidationException("bookingFieldsResponses", "keys must be non-blank field slugs");
                }
                this.bookingFieldsResponses.put(key, value);
              });
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the create booking request
     * @throws ValidationException naming the field to fix
     */
    public CreateBookingRequest build() {
      return new CreateBookingRequest(
          start, attendee, eventType, guests, location, metadata, lengthInMinutes, bookingFieldsResponses);
    }
  }
}
