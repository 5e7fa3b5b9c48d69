package dev.calcomclient.testkit;

/**
 * The faults {@link FakeCalcom} injects, changeable while it runs ({@code fake.faults()}). Rules are either counted
 * ("the next 3 requests") or random ("10 % of requests", drawn from a seeded generator so a run repeats). On each
 * request the first counted rule that matches and has requests left applies; if none does, each random rule that
 * matches is tried in the order added. A request gets at most one fault.
 *
 * <p>{@code endpoint} uses the keys of {@link LatencyProfile}: {@code "POST /v2/bookings"} (method and route
 * pattern), {@code "POST bookings"} (method and group) or {@code "bookings"} (group). Methods without an endpoint
 * apply to every routed request.
 */
public interface FaultPlan {

  /**
   * The next {@code count} requests, whatever their endpoint, get {@code fault}.
   *
   * @param count the count
   * @param fault the fault
   * @return the next {@code count} requests, whatever their endpoint, get {@code fault}
   */
  FaultPlan nextRequests(int count, Fault fault);

  /**
   * The next {@code count} requests to {@code endpoint} get {@code fault}.
   *
   * @param endpoint the endpoint
   * @param count the count
   * @param fault the fault
   * @return the next {@code count} requests to {@code endpoint} get {@code fault}
   */
  FaultPlan nextRequests(String endpoint, int count, Fault fault);

  /**
   * Every request gets {@code fault} with {@code probability} (0..1), until {@link #clear()}.
   *
   * @param probability the probability
   * @param fault the fault
   * @return every request gets {@code fault} with {@code probability} (0..1), until {@link #clear()}
   */
  FaultPlan randomly(double probability, Fault fault);

  /**
   * Every request to {@code endpoint} gets {@code fault} with {@code probability} (0..1), until {@link #clear()}.
   *
   * @param endpoint the endpoint
   * @param probability the probability
   * @param fault the fault
   * @return every request to {@code endpoint} gets {@code fault} with {@code probability} (0..1), until {@link
   *     #clear()}
   */
  FaultPlan randomly(String endpoint, double probability, Fault fault);

  /**
   * Reseeds the generator used by random rules.
   *
   * @param seed the seed
   * @return reseeds the generator used by random rules
   */
  FaultPlan seed(long seed);

  /** Removes every rule. */
  void clear();

  /**
   * How many counted faults are still scheduled.
   *
   * @return how many counted faults are still scheduled
   */
  int pendingCount();

  /**
   * How many faults have been injected so far.
   *
   * @return how many faults have been injected so far
   */
  long injectedCount();
}
