package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The event type a booking belongs to, as embedded in a booking.
 *
 * @param id the event type id
 * @param slug the event type slug
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BookingEventType(Long id, String slug) {}
