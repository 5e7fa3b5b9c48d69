package dev.calcomclient.redis.internal;

/** What tests outside this package may read of a {@link RedisCoalescer}'s state. */
public final class CoalescerProbe {
  private CoalescerProbe() {}

  /**
   * How many flights of {@code coalescer}'s instance wait for another instance's call now.
   *
   * @param coalescer the coalescer
   * @return its flights following another instance's
   */
  public static int following(RedisCoalescer coalescer) {
    return coalescer.following();
  }
}
