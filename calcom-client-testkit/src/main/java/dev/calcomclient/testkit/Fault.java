package dev.calcomclient.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure {@link FakeCalcom} injects into one response, scheduled through its {@link FaultPlan}. Faults apply
 * after routing and the throttler, so a faulted request still counts against the rate limit, as it would at
 * Cal.com. {@link #processesRequest()} says whether the request's effect (e.g. a new booking) happens.
 */
public sealed interface Fault {

  /**
   * Whether the fake applies the request (creates the booking, ...) before failing the response.
   *
   * @return whether the fake applies the request (creates the booking, ...) before failing the response
   */
  boolean processesRequest();

  /**
   * A 5xx answer in Cal.com's error envelope; the request is not processed.
   *
   * @param status the status
   * @return a 5xx answer in Cal.com's error envelope; the request is not processed
   */
  static Fault serverError(int status) {
    return new ServerError(status);
  }

  /**
   * The request is processed (a create stores its booking), then answered with a 5xx in Cal.com's error envelope,
   * as when Cal.com fails after its database commit (a webhook or calendar step throws): the client must not take
   * the error for "not created".
   *
   * @param status 500-599
   * @return the fault
   */
  static Fault serverErrorAfterProcessing(int status) {
    return new ServerErrorAfterProcessing(status);
  }

  /**
   * {@code 503 ServiceUnavailableException}; schedule it for the next N requests to make a 503 burst.
   *
   * @return the fault
   */
  static Fault serviceUnavailable() {
    return new ServerError(503);
  }

  /**
   * The request is processed and answered normally, but only after {@code delay} of clock time (not scaled by
   * the time scale, because it exists to outlast the client's real timeout).
   *
   * @param delay the delay
   * @return the request is processed and answered normally, but only after {@code delay} of clock time (not scaled by
   *     the time scale, because it exists to outlast the client's real timeout)
   */
  static Fault slowResponse(Duration delay) {
    return new SlowResponse(delay);
  }

  /**
   * The connection is closed without reading the request; nothing is processed.
   *
   * @return the connection is closed without reading the request; nothing is processed
   */
  static Fault connectionReset() {
    return new ConnectionReset();
  }

  /**
   * The request is processed (the booking exists), then the connection is closed before any response byte: the
   * client sees an I/O error and cannot know whether its call took effect.
   *
   * @return the request is processed (the booking exists), then the connection is closed before any response byte: the
   *     client sees an I/O error and cannot know whether its call took effect
   */
  static Fault connectionDroppedAfterProcessing() {
    return new ConnectionDroppedAfterProcessing();
  }

  /**
   * The request is processed; the answer has its normal status but a body that is not valid JSON.
   *
   * @return the request is processed; the answer has its normal status but a body that is not valid JSON
   */
  static Fault malformedJson() {
    return new MalformedJson();
  }

  /**
   * The request is processed; the answer announces its full {@code Content-Length} but the connection closes
   * after half of the body.
   *
   * @return the request is processed; the answer announces its full {@code Content-Length} but the connection closes
   *     after half of the body
   */
  static Fault truncatedBody() {
    return new TruncatedBody();
  }

  /**
   * {@code 429 ThrottlerException} regardless of the rate limit (not counted as a throttler violation).
   *
   * @return {@code 429 ThrottlerException} regardless of the rate limit (not counted as a throttler violation)
   */
  static Fault tooManyRequests() {
    return new TooManyRequests();
  }

  /** See {@link Fault#serverError(int)}. @param status 500-599 */
  record ServerError(int status) implements Fault {
    /**
     * Validates the status.
     *
     * @param status the status
     */
    public ServerError {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("a server error status is 500-599, was " + status);
      }
    }

    @Override
    public boolean processesRequest() {
      return false;
    }
  }

  /** See {@link Fault#serverErrorAfterProcessing(int)}. @param status 500-599 */
  record ServerErrorAfterProcessing(int status) implements Fault {
    /**
     * Validates the status.
     *
     * @param status the status
     */
    public ServerErrorAfterProcessing {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("a server error status is 500-599, was " + status);
      }
    }

    @Override
    public boolean processesRequest() {
      return true;
    }
  }

  /** See {@link Fault#slowResponse(Duration)}. @param delay clock time before the response starts */
  record SlowResponse(Duration delay) implements Fault {
    /**
     * Validates the delay.
     *
     * @param delay the delay
     */
    public SlowResponse {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
    }

    @Override
    public boolean processesRequest() {
      return true;
    }
  }

  /** See {@link Fault#connectionReset()}. */
  record ConnectionReset() implements Fault {
    @Override
    public boolean processesRequest() {
      return false;
    }
  }

  /** See {@link Fault#connectionDroppedAfterProcessing()}. */
  record ConnectionDroppedAfterProcessing() implements Fault {
    @Override
    public boolean processesRequest() {
      return true;
    }
  }

  /** See {@link Fault#malformedJson()}. */
  record MalformedJson() implements Fault {
    @Override
    public boolean processesRequest() {
      return true;
    }
  }

  /** See {@link Fault#truncatedBody()}. */
  record TruncatedBody() implements Fault {
    @Override
    public boolean processesRequest() {
      return true;
    }
  }

  /** See {@link Fault#tooManyRequests()}. */
  record TooManyRequests() implements Fault {
    @Override
    public boolean processesRequest() {
      return false;
    }
  }
}
