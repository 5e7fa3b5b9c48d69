package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * An enum-like wire value from an open set: known values are constants of the subclass, unknown ones are kept
 * raw instead of failing the decoding. Equal when of the same class with the same raw value.
 */
abstract class OpenValue {
  private final String value;

  OpenValue(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * The wire value, exactly as Cal.com sent it or as the constant defines it.
   *
   * @return the wire value, exactly as Cal.com sent it or as the constant defines it
   */
  @JsonValue
  public String value() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((OpenValue) o).value.equals(value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  @Override
  public final String toString() {
    return value;
  }
}
