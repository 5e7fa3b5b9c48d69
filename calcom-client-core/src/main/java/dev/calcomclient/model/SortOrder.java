package dev.calcomclient.model;

import java.util.Locale;

/** A sort direction for list queries. */
public enum SortOrder {
  /** Oldest (smallest) first. */
  ASC,
  /** Newest (largest) first. */
  DESC;

  /**
   * The query-parameter value ({@code asc} or {@code desc}).
   *
   * @return the query-parameter value ({@code asc} or {@code desc})
   */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
