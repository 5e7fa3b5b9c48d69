package dev.calcomclient.metrics.internal;

import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ValidationException;

/**
 * The bounded {@code outcome} and {@code status} tag values shared by the Micrometer meters and observations (kept
 * out of the Micrometer package: it needs no Micrometer).
 */
public final class Outcomes {
  /** The status of a request Cal.com did not answer. */
  public static final String NONE = "none";

  private Outcomes() {}

  /**
   * @param status the HTTP status Cal.com answered
   * @return the outcome of an answered request
   */
  public static String of(int status) {
    if (status >= 200 && status < 300) {
      return "success";
    }
    if (status == 429) {
      return "rate_limited";
    }
    if (status >= 400 && status < 500) {
      return "client_error";
    }
    if (status >= 500 && status < 600) {
      return "server_error";
    }
    return "other";
  }

  /**
   * @param failure why the request failed
   * @return the outcome of a failed request
   */
  public static String of(Throwable failure) {
    if (failure instanceof RateLimitedException) {
      return "rate_limited";
    }
    if (failure instanceof CalcomApiException api) {
      return of(api.status());
    }
    if (failure instanceof CircuitOpenException) {
      return "circuit_open";
    }
    if (failure instanceof CalcomTimeoutException) {
      return "timeout";
    }
    if (failure instanceof CalcomConnectionException) {
      return "connection_error";
    }
    if (failure instanceof CalcomDecodingException) {
      return "decoding_error";
    }
    if (failure instanceof ValidationException) {
      return "invalid";
    }
    return "error";
  }

  /**
   * @param failure why the request failed
   * @return the HTTP status of a failed request, or {@value #NONE} when Cal.com did not answer it
   */
  public static String status(Throwable failure) {
    if (failure instanceof RateLimitedException r && r.isLocal()) {
      return NONE;
    }
    return failure instanceof CalcomApiException api ? String.valueOf(api.status()) : NONE;
  }
}
