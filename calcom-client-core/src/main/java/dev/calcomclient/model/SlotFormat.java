package dev.calcomclient.model;

import java.util.Locale;

/** The shape of returned slots: start times only, or start and end. */
public enum SlotFormat {
  /** Each slot has {@code start} only (Cal.com's default). */
  TIME,
  /** Each slot has {@code start} and {@code end}. */
  RANGE;

  /**
   * The query-parameter value ({@code time} or {@code range}).
   *
   * @return the query-parameter value ({@code time} or {@code range})
   */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
