package dev.calcomclient.examples.load;

import java.time.Duration;
import java.util.List;

/**
 * One load scenario: who sends what, for how long, in simulated time.
 *
 * @param name              the name used on the command line and in {@code summary.json}
 * @param title             a human title for the report
 * @param kind              virtual-user traffic, or the scripted booking backlog of scenario 4
 * @param instances         client instances sharing one API key (4 needs the Redis module)
 * @param users             virtual users at full load
 * @param duration          simulated length of the run
 * @param rampUp            users start evenly spread over this simulated time
 * @param rampDown          users stop evenly spread over this simulated time before the end (zero: all at the end)
 * @param thinkMin          shortest think time between two operations of one user
 * @param thinkMax          longest think time
 * @param availabilityShare share of operations that check availability
 * @param bookShare         share of operations that book (the rest find alternatives)
 * @param eventTypeIds      event types the users ask for
 * @param roundRobinEventTypes when true user iterations cycle through the event types (the PHP gateway's cold start);
 *                          otherwise each operation picks one at random
 * @param horizonWorkdays   desired days are drawn from this many upcoming workdays
 * @param backlogBookings   scenario 4: bookings made while the invalidation path is down
 */
record ScenarioSpec(
    String name,
    String title,
    Kind kind,
    int instances,
    int users,
    Duration duration,
    Duration rampUp,
    Duration rampDown,
    Duration thinkMin,
    Duration thinkMax,
    double availabilityShare,
    double bookShare,
    List<Long> eventTypeIds,
    boolean roundRobinEventTypes,
    int horizonWorkdays,
    int backlogBookings,
    double externalChurn) {

  enum Kind {
    TRAFFIC,
    BACKLOG
  }

  double alternativesShare() {
    return Math.max(0, 1.0 - availabilityShare - bookShare);
  }
}
