package dev.calcomclient.testkit;

/**
 * What {@link FakeCalcom}'s throttler saw from one credential, for assertions such as "never exceeded the limit".
 *
 * @param tracker        Cal.com's tracker id of the credential ({@code api_key_<sha256>}, {@code ip_<address>}, ...);
 *                       never the raw key
 * @param limit          the credential's limit per window
 * @param requests       requests received from the credential (throttled ones included)
 * @param violations     requests answered 429 by the throttler (the one that exceeded the limit and every request
 *                       made while blocked)
 * @param maxInAnyWindow the largest number of requests received in any sliding window of the policy's length
 *                       (60 s of simulated time), whether or not they were throttled
 */
public record RateLimitUsage(String tracker, int limit, long requests, long violations, int maxInAnyWindow) {

  /**
   * Whether the credential ever sent more requests in one sliding window than its limit allows.
   *
   * @return whether the credential ever sent more requests in one sliding window than its limit allows
   */
  public boolean exceededLimit() {
    return maxInAnyWindow > limit;
  }
}
