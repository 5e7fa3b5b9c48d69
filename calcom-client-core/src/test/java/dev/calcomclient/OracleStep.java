package dev.calcomclient;

import static dev.calcomclient.OracleUniverse.CREATE_FAULTS;
import static dev.calcomclient.OracleUniverse.DAYS;
import static dev.calcomclient.OracleUniverse.EVENT_TYPES;
import static dev.calcomclient.OracleUniverse.ZONES;
import static dev.calcomclient.OracleUniverse.instanceName;

/**
 * One step of a truth-oracle schedule. Its numbers pick among what exists when it runs (modulo), so a shrunk
 * schedule still replays.
 *
 * @param kind what the step does
 * @param instance which client instance acts (0 = A, 1 = B)
 * @param eventType index into {@link OracleUniverse#EVENT_TYPES}
 * @param day index into {@link OracleUniverse#DAYS}
 * @param zone index into {@link OracleUniverse#ZONES}
 * @param span days looked up, minutes advanced, or a reschedule's target pick
 * @param pick which candidate time, own booking or pending message
 * @param fault index into {@link OracleUniverse#CREATE_FAULTS} (past its length: and a failing lookup), or -1
 * @param flag a kind-specific choice (see {@link #toString()})
 */
record OracleStep(Kind kind, int instance, int eventType, int day, int zone, int span, int pick, int fault,
    boolean flag) {

  /** The kinds of step. */
  enum Kind {
    LOOKUP, CREATE, CANCEL, RESCHEDULE, RESERVE, ELSEWHERE, ADVANCE,
    /** A lookup held in flight while a change completes, then the same lookup again (defect 1). */
    GATED_LOOKUP,
    /** Delivers bus messages held so far (all or one, in order or reversed). */
    DELIVER,
    /** A lookup while the instance's budget is spent: answered from cached days (stale ones included) or refused. */
    OVERLOADED_LOOKUP
  }

  @Override
  public String toString() {
    long et = EVENT_TYPES[eventType];
    String who = instanceName(instance) + " ";
    return switch (kind) {
      case LOOKUP -> who + "LOOKUP event type " + et + ", " + span + " day(s) from " + DAYS[day] + " in "
          + ZONES[zone];
      case GATED_LOOKUP -> who + "GATED_LOOKUP event type " + et + ", " + span + " day(s) from " + DAYS[day]
          + " in " + ZONES[zone] + ", held while it " + (flag ? "reschedules own booking #" + fault + " to" : "books")
          + " pick " + pick + " of the range, then looked up again";
      case CREATE -> who + "CREATE event type " + et + " on " + DAYS[day] + ", pick " + pick
          + (flag ? " from the client's last answer" : " from the truth")
          + (fault < 0 ? "" : ", fault " + CREATE_FAULTS[fault % CREATE_FAULTS.length]
              + (fault >= CREATE_FAULTS.length ? " and a failing lookup" : ""));
      case CANCEL -> who + "CANCEL own booking #" + pick;
      case RESCHEDULE -> who + "RESCHEDULE own booking #" + pick + " to pick " + span + " on " + DAYS[day];
      case RESERVE -> who + "RESERVE event type " + et + " on " + DAYS[day] + ", pick " + pick;
      case ELSEWHERE -> "ELSEWHERE booking of event type " + et + " on " + DAYS[day] + ", pick " + pick
          + (flag ? ", announced to A by webhook" : ", not announced");
      case ADVANCE -> "ADVANCE clock " + span + " min";
      case OVERLOADED_LOOKUP -> who + "OVERLOADED_LOOKUP event type " + et + ", " + span + " day(s) from " + DAYS[day]
          + " in " + ZONES[zone] + ", no rate-limit token"
          + (flag ? " (or its last looked-up range), after " + (OracleUniverse.TTL.toMinutes()
              + pick % OracleUniverse.STALE_IF_OVERLOADED.toMinutes()) + " min (past the TTL)" : "");
      case DELIVER -> "DELIVER " + (pick % 3 == 0 ? "held bus message #" + pick : "all held bus messages")
          + (flag ? " in reverse order" : " in order");
    };
  }
}
