package dev.calcomclient.pipeline;

/**
 * Groups of endpoints that share a timeout default and a circuit breaker. Slots are read-heavy and fast,
 * bookings are slow mutations; everything else is small metadata.
 */
public enum EndpointGroup {
  /** {@code /v2/slots*}. */
  SLOTS,
  /** {@code /v2/bookings*}. */
  BOOKINGS,
  /** Event types, schedules, {@code /v2/me}, webhooks. */
  OTHER
}
