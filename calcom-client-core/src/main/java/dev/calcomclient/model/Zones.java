package dev.calcomclient.model;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/** Lenient time-zone parsing for decoded models: Cal.com stores user-entered zone names. */
final class Zones {
  private Zones() {}

  static Optional<ZoneId> parse(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(name));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
