/** The resource services' implementations: request building, wire format and response decoding per endpoint. */
package dev.calcomclient.internal.resource;
