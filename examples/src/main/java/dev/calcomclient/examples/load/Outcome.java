package dev.calcomclient.examples.load;

import dev.calcomclient.BadRequestException;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.ConflictException;
import dev.calcomclient.RateLimitedException;
import java.io.InterruptedIOException;
import java.io.IOException;

/** How a user operation ended. Only {@link #isFailure() failures} count against the failure-rate criterion. */
enum Outcome {
  OK,
  /** The slot was taken by someone else between lookup and booking: a business outcome, not a failure. */
  CONFLICT,
  /** The lookup before a booking found no free slot: nothing to book. */
  NO_SLOT,
  /** Cal.com answered 429. */
  HTTP_429,
  /** The client's own limiter (calcom-client's, or generic-stack's resilience4j) refused to wait longer (no request sent). */
  LOCAL_RATE_LIMIT,
  CIRCUIT_OPEN,
  TIMEOUT,
  BOOKING_OUTCOME_UNKNOWN,
  SERVER_ERROR,
  CONNECTION,
  OTHER;

  boolean isFailure() {
    return this != OK && this != CONFLICT && this != NO_SLOT;
  }

  /** Classifies a failure of either client. */
  static Outcome classify(Throwable t, boolean booking) {
    if (t instanceof NaiveClient.HttpFailure f) {
      if (f.status == 429) {
        return HTTP_429;
      }
      if (booking && (f.status == 400 || f.status == 409)) {
        return CONFLICT;
      }
      return f.status >= 500 ? SERVER_ERROR : OTHER;
    }
    if (t instanceof io.github.resilience4j.ratelimiter.RequestNotPermitted) {
      return LOCAL_RATE_LIMIT;
    }
    if (t instanceof RateLimitedException r) {
      return r.isLocal() ? LOCAL_RATE_LIMIT : HTTP_429;
    }
    if (booking && (t instanceof BadRequestException || t instanceof ConflictException)) {
      return CONFLICT;
    }
    if (t instanceof CircuitOpenException) {
      return CIRCUIT_OPEN;
    }
    if (t instanceof CalcomTimeoutException || t instanceof InterruptedIOException) {
      return TIMEOUT;
    }
    if (t instanceof BookingOutcomeUnknownException) {
      return BOOKING_OUTCOME_UNKNOWN;
    }
    if (t instanceof CalcomApiException a && a.status() >= 500) {
      return SERVER_ERROR;
    }
    if (t instanceof CalcomConnectionException || t instanceof IOException) {
      return CONNECTION;
    }
    return OTHER;
  }

  /** The failure's class and message (and its cause's), short enough for the report. */
  static String describe(Throwable t) {
    Throwable e = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (e.getCause() != null && e.getCause() != e) {
      text += " (cause " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")";
    }
    for (Throwable s : e.getSuppressed()) {
      text += " (suppressed " + s.getClass().getSimpleName() + ": " + s.getMessage() + ")";
    }
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }
}
