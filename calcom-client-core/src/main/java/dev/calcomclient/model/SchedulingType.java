package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Objects;

/**
 * How a team event type assigns hosts ({@code roundRobin}, {@code collective}, {@code managed}). An open set:
 * an unknown value is kept as-is instead of failing the decoding.
 */
public final class SchedulingType extends OpenValue {
  /** One host per booking, rotating among the team members. */
  public static final SchedulingType ROUND_ROBIN = new SchedulingType("roundRobin");
  /** Every host attends; a slot is free only when all hosts are. */
  public static final SchedulingType COLLECTIVE = new SchedulingType("collective");
  /** A parent event type copied to each member. */
  public static final SchedulingType MANAGED = new SchedulingType("managed");

  private SchedulingType(String value) {
    super(value);
  }

  /**
   * The scheduling type for {@code value}, case-insensitively and tolerating the upper-case database spelling
   * ({@code ROUND_ROBIN}); unknown values are kept raw.
   *
   * @param value the value
   * @return the scheduling type for {@code value}, case-insensitively and tolerating the upper-case database spelling
   *     ({@code ROUND_ROBIN}); unknown values are kept raw
   */
  @JsonCreator
  public static SchedulingType of(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT).replace("_", "")) {
      case "roundrobin":
        return ROUND_ROBIN;
      case "collective":
        return COLLECTIVE;
      case "managed":
        return MANAGED;
      default:
        return new SchedulingType(value);
    }
  }

  /**
   * Whether this is one of the constants of this class.
   *
   * @return whether this is one of the constants of this class
   */
  public boolean isKnown() {
    return this == ROUND_ROBIN || this == COLLECTIVE || this == MANAGED;
  }
}
