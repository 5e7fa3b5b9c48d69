/**
 * Invalidation after bookings: {@link dev.calcomclient.invalidate.BookingChange}, the
 * {@link dev.calcomclient.invalidate.InvalidationBus} SPI that carries invalidations between instances, and the
 * smart invalidator that computes the exact slot tags a booking affects.
 */
package dev.calcomclient.invalidate;
