package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One bookable start time. Cal.com sends slot times with the offset of the requested time zone
 * ({@code 2050-09-05T09:00:00.000+02:00}); {@link #start()} keeps that offset so the caller's local time is
 * visible, and {@link #startInstant()} gives the point in time.
 *
 * @param start the slot's start, in the offset of the query's time zone
 * @param end the slot's end; only with {@link SlotFormat#RANGE}, otherwise {@code null}
 * @param seatsBooked seats already taken (seated event types only), or {@code null}
 * @param seatsRemaining seats still free (seated event types only), or {@code null}
 * @param seatsTotal seats per slot (seated event types only), or {@code null}
 * @param bookingUid the booking that holds the seats of this slot (seated event types only), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Slot(
    OffsetDateTime start,
    OffsetDateTime end,
    Integer seatsBooked,
    Integer seatsRemaining,
    Integer seatsTotal,
    String bookingUid) {

  /**
   * Checks that the slot has a start.
   *
   * @param start the start
   * @param end the end
   * @param seatsBooked the seats booked
   * @param seatsRemaining the seats remaining
   * @param seatsTotal the seats total
   * @param bookingUid the booking uid
   */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public Slot(
      @JsonProperty("start") OffsetDateTime start,
      @JsonProperty("end") OffsetDateTime end,
      @JsonProperty("seatsBooked") Integer seatsBooked,
      @JsonProperty("seatsRemaining") Integer seatsRemaining,
      @JsonProperty("seatsTotal") Integer seatsTotal,
      @JsonProperty("bookingUid") String bookingUid) {
    this.start = Objects.requireNonNull(start, "slot start");
    this.end = end;
    this.seatsBooked = seatsBooked;
    this.seatsRemaining = seatsRemaining;
    this.seatsTotal = seatsTotal;
    this.bookingUid = bookingUid;
  }

  /**
   * A slot given as a bare ISO string, the shape the OpenAPI document (wrongly) declares for the time format;
   * accepted so that either shape decodes.
   *
   * @param start the start
   * @return a slot given as a bare ISO string, the shape the OpenAPI document (wrongly) declares for the time format;
   *     accepted so that either shape decodes
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Slot ofStart(String start) {
    return new Slot(OffsetDateTime.parse(start), null, null, null, null, null);
  }

  /**
   * A slot of the time format: a start only.
   *
   * @param start the start
   * @return a slot of the time format: a start only
   */
  public static Slot at(OffsetDateTime start) {
    return new Slot(start, null, null, null, null, null);
  }

  /**
   * The start as an instant.
   *
   * @return the start as an instant
   */
  public Instant startInstant() {
    return start.toInstant();
  }

  /**
   * The end, when the query asked for {@link SlotFormat#RANGE}.
   *
   * @return the end, when the query asked for {@link SlotFormat#RANGE}
   */
  public Optional<OffsetDateTime> endTime() {
    return Optional.ofNullable(end);
  }

  /**
   * The slot's length when {@link #end()} is known.
   *
   * @return the slot's length when {@link #end()} is known
   */
  public Optional<Duration> duration() {
    return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
  }

  /**
   * Whether this slot belongs to a seated event type (seat counts present).
   *
   * @return whether this slot belongs to a seated event type (seat counts present)
   */
  public boolean isSeated() {
    return seatsTotal != null || seatsRemaining != null || seatsBooked != null;
  }
}
