/**
 * Cal.com API v2 data: immutable records decoded leniently from responses (unknown properties ignored, unknown
 * enum-like values kept, {@code java.time} types for instants and dates), and the inputs of the resource
 * services, which check Cal.com's rules on construction and throw {@link dev.calcomclient.ValidationException}
 * naming the field before anything is sent.
 */
package dev.calcomclient.model;
