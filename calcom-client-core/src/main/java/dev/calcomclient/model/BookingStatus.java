package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Objects;

/**
 * A booking's status as API v2 reports it ({@code accepted}, {@code cancelled}, {@code rejected},
 * {@code pending}, lower-case). An open set: a value this version does not know is kept as-is instead of failing
 * the decoding, so compare with {@link #equals} against the constants and fall back on {@link #value()}.
 */
public final class BookingStatus extends OpenValue {
  /** The booking is confirmed. */
  public static final BookingStatus ACCEPTED = new BookingStatus("accepted");
  /** The booking was cancelled. */
  public static final BookingStatus CANCELLED = new BookingStatus("cancelled");
  /** The host declined the booking. */
  public static final BookingStatus REJECTED = new BookingStatus("rejected");
  /** The booking awaits the host's confirmation. */
  public static final BookingStatus PENDING = new BookingStatus("pending");

  private BookingStatus(String value) {
    super(value);
  }

  /**
   * The status for {@code value}, case-insensitively; one of the constants when known, otherwise a new instance
   * keeping the raw value.
   *
   * @param value the value
   * @return the status for {@code value}, case-insensitively; one of the constants when known, otherwise a new instance
   *     keeping the raw value
   */
  @JsonCreator
  public static BookingStatus of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "accepted":
        return ACCEPTED;
      case "cancelled":
        return CANCELLED;
      case "rejected":
        return REJECTED;
      case "pending":
        return PENDING;
      default:
        return new BookingStatus(value);
    }
  }

  /**
   * Whether this is one of the constants of this class.
   *
   * @return whether this is one of the constants of this class
   */
  public boolean isKnown() {
    return this == ACCEPTED || this == CANCELLED || this == REJECTED || this == PENDING;
  }
}
