package dev.calcomclient;

import java.util.Objects;

/**
 * Input was rejected before anything was sent. Names the offending field (in Cal.com's JSON naming, for
 * example {@code attendee.timeZone}) and the rule it broke.
 */
public class ValidationException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** The name of the invalid field. */
  private final String field;
  /** The rule the field broke. */
  private final String rule;

  /**
   * Creates the exception.
   *
   * @param field the field path, such as {@code attendee.email}
   * @param rule what the field must satisfy, such as {@code must be a valid IANA time zone}
   */
  public ValidationException(String field, String rule) {
    super(Objects.requireNonNull(field, "field") + " " + Objects.requireNonNull(rule, "rule"));
    this.field = field;
    this.rule = rule;
  }

  /**
   * The offending field's path.
   *
   * @return the offending field's path
   */
  public String field() {
    return field;
  }

  /**
   * The rule the field broke.
   *
   * @return the rule the field broke
   */
  public String rule() {
    return rule;
  }
}
