/**
 * The tolerant reader of Cal.com's answers: optional fields of an unexpected type decode as absent, list elements
 * without a valid identity are left out, single answers without their identity are typed errors; everything is
 * reported to the client's listeners without values. Internal: not part of the public API.
 */
package dev.calcomclient.internal.decode;
