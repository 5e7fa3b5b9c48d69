package dev.calcomclient.internal;

import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.UncertainOutcomeException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.pipeline.CalcomResponse;

/**
 * The one judgement of how a call ended, used by the retry layer, the circuit breaker, booking-create recovery and
 * stale-if-error, so that they cannot disagree. Each question those components ask is a method here.
 */
public enum Failure {
  /** A successful answer: not a failure. */
  NONE,
  /** Cal.com answered a 4xx other than 429: the request itself was refused; nothing was applied. */
  REJECTED,
  /** Cal.com answered 429: nothing was applied. */
  THROTTLED,
  /** This client refused to send (its own rate limit, an open circuit, a cancelled call); nothing was sent. */
  REFUSED_LOCALLY,
  /** The caller's input was invalid; nothing was sent. */
  INVALID,
  /** A timeout or connection failure before any byte of the request was written: nothing was applied. */
  NOT_SENT,
  /** A timeout or connection failure after the request may have been written: it may have been applied. */
  MAY_HAVE_BEEN_SENT,
  /** Cal.com (or a gateway in front of it) answered 5xx: the request reached it and may have been applied. */
  SERVER_ERROR,
  /** Cal.com answered 2xx with a body this client cannot decode: the request was applied, its result is unknown. */
  UNDECODABLE,
  /** Not a failure of a call to Cal.com at all (a bug, an interrupted caller). */
  OTHER;

  /**
   * Judges how a pipeline call ended.
   *
   * @param response the answer, or {@code null} when {@code failure} is set
   * @param failure the failure (wrapped or not), or {@code null}
   * @return the judgement
   */
  public static Failure of(CalcomResponse response, Throwable failure) {
    if (failure != null) {
      return of(Futures.unwrap(failure));
    }
    int s = response.status();
    if (s >= 500) {
      return SERVER_ERROR;
    }
    if (s == 429) {
      return THROTTLED;
    }
    return s >= 400 ? REJECTED : NONE;
  }

  /**
   * Judges a failure thrown by a call (a typed exception of this client, or anything else).
   *
   * @param failure the failure, already unwrapped
   * @return the judgement
   */
  public static Failure of(Throwable failure) {
    if (failure instanceof UncertainOutcomeException u) {
      if (u instanceof CalcomDecodingException) {
        return UNDECODABLE;
      }
      return u.requestMayHaveBeenSent() ? MAY_HAVE_BEEN_SENT : NOT_SENT;
    }
    if (failure instanceof ValidationException) {
      return INVALID;
    }
    if (failure instanceof RateLimitedException r) {
      return r.isLocal() ? REFUSED_LOCALLY : THROTTLED;
    }
    if (failure instanceof CalcomApiException api) {
      return api.status() >= 500 ? SERVER_ERROR : REJECTED;
    }
    if (failure instanceof CircuitOpenException || failure instanceof CalcomException) {
      return REFUSED_LOCALLY;
    }
    return OTHER;
  }

  /**
   * Whether a mutation that ended this way may have been applied by Cal.com, so that its outcome must be looked up
   * rather than reported as "not done" (booking-create recovery).
   *
   * @return true for {@link #MAY_HAVE_BEEN_SENT}, {@link #SERVER_ERROR} and {@link #UNDECODABLE}
   */
  public boolean mayHaveBeenApplied() {
    return this == MAY_HAVE_BEEN_SENT || this == SERVER_ERROR || this == UNDECODABLE;
  }

  /**
   * Whether the same request may be sent again (retry layer): a read after any transient failure, a mutation only
   * when it provably was not sent. A 500 is a server bug, not a transient failure: only 502, 503 and 504 are.
   *
   * @param mutation whether the request changes state at Cal.com
   * @param status the HTTP status of a 5xx answer (ignored otherwise)
   * @return whether a retry is allowed
   */
  public boolean retryable(boolean mutation, int status) {
    return switch (this) {
      case NOT_SENT -> true;
      case MAY_HAVE_BEEN_SENT -> !mutation;
      case SERVER_ERROR -> !mutation && (status == 502 || status == 503 || status == 504);
      default -> false;
    };
  }

  /**
   * Whether the retry layer has a decision to make about this outcome at all (and reports it to the listener).
   *
   * @param status the HTTP status of a 5xx answer (ignored otherwise)
   * @return true for timeouts, connection failures and 502/503/504
   */
  public boolean isTransient(int status) {
    return this == NOT_SENT
        || this == MAY_HAVE_BEEN_SENT
        || (this == SERVER_ERROR && (status == 502 || status == 503 || status == 504));
  }

  /**
   * Whether the circuit breaker counts this outcome as a failure of the endpoint (5xx, timeouts, connection
   * failures); {@link #countsAsSuccess()} tells whether it counts as a success, else it is ignored.
   *
   * @return whether the endpoint failed
   */
  public boolean countsAgainstEndpoint() {
    return this == SERVER_ERROR || this == NOT_SENT || this == MAY_HAVE_BEEN_SENT;
  }

  /**
   * Whether the circuit breaker counts this outcome as a success of the endpoint (any answer below 500 but 429).
   *
   * @return whether the endpoint answered
   */
  public boolean countsAsSuccess() {
    return this == NONE || this == REJECTED || this == UNDECODABLE;
  }

  /**
   * Whether Cal.com could not be asked or could not answer, so a stale cached value may be served instead
   * (stale-if-error): everything but a refusal of the request itself, invalid input, and non-client failures.
   *
   * @return whether serving stale is allowed
   */
  public boolean isUnavailability() {
    return this != NONE && this != REJECTED && this != INVALID && this != OTHER;
  }
}
