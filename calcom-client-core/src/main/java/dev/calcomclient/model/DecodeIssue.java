package dev.calcomclient.model;

import dev.calcomclient.pipeline.Operation;
import java.util.Objects;

/**
 * Something in one of Cal.com's answers that did not have the shape the client expects, and what the client did
 * about it. Never carries the value that was sent (it may be personal data).
 *
 * @param operation the call whose answer it was
 * @param field the JSON field, relative to one element of {@code data}, with {@code []} for array items (such as
 *     {@code seatsPerTimeSlot} or {@code hosts[].id}); {@code day} for a slot map key that is not a date
 * @param kind what the client did
 * @param count how many times it happened in the answer (at least 1)
 */
public record DecodeIssue(Operation operation, String field, Kind kind, int count) {

  /** What the client did with a field that did not decode. */
  public enum Kind {
    /** An optional field had an unexpected JSON type or value: it was decoded as absent. */
    TOLERATED,
    /** An element of a list lacked a valid identity or time (named by the field): it was left out. */
    LEFT_OUT
  }

  /**
   * Checks the values.
   *
   * @throws NullPointerException when a value is missing
   * @throws IllegalArgumentException when {@code count} is below 1
   * @param operation the operation
   * @param field the field
   * @param kind the kind
   * @param count the count
   */
  public DecodeIssue {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
  }

  /**
   * Whether an element was left out of a list (rather than one optional field decoded as absent).
   *
   * @return whether is left out
   */
  public boolean isLeftOut() {
    return kind == Kind.LEFT_OUT;
  }
}
