package dev.calcomclient;

import static dev.calcomclient.OracleUniverse.CREATE_FAULTS;
import static dev.calcomclient.OracleUniverse.DAYS;
import static dev.calcomclient.OracleUniverse.EVENT_TYPES;
import static dev.calcomclient.OracleUniverse.INSTANCES;
import static dev.calcomclient.OracleUniverse.ZONES;

import dev.calcomclient.OracleStep.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates a truth-oracle schedule from a seed: the same seed gives the same steps. */
final class OracleStepGenerator {
  private OracleStepGenerator() {}

  static List<OracleStep> generate(long seed) {
    Random r = new Random(seed);
    int n = 5 + r.nextInt(9);
    List<OracleStep> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int w = r.nextInt(100);
      Kind kind = w < 21 ? Kind.LOOKUP : w < 28 ? Kind.OVERLOADED_LOOKUP : w < 38 ? Kind.GATED_LOOKUP
          : w < 53 ? Kind.CREATE : w < 58 ? Kind.CANCEL : w < 64 ? Kind.RESCHEDULE : w < 68 ? Kind.RESERVE : w < 80 ? Kind.ELSEWHERE : w < 91 ? Kind.DELIVER
          : Kind.ADVANCE;
      // B reads more than it writes, so what it learns through the bus is what gets checked.
      boolean lookup = kind == Kind.LOOKUP || kind == Kind.GATED_LOOKUP || kind == Kind.OVERLOADED_LOOKUP;
      int instance = r.nextInt(10) < (lookup ? 4 : 2)
          ? INSTANCES - 1 : 0;
      int fault = kind == Kind.CREATE && r.nextInt(3) == 0 ? r.nextInt(CREATE_FAULTS.length * 2)
          : kind == Kind.GATED_LOOKUP ? r.nextInt(40) : -1;
      int span = kind == Kind.ADVANCE ? 1 + r.nextInt(15) : kind == Kind.RESCHEDULE ? r.nextInt(40) : 1 + r.nextInt(2);
      out.add(new OracleStep(kind, instance, r.nextInt(EVENT_TYPES.length), r.nextInt(DAYS.length),
          r.nextInt(ZONES.length), span, r.nextInt(40), fault,
          kind == Kind.GATED_LOOKUP ? r.nextInt(4) == 0 : r.nextBoolean()));
    }
    return out;
  }
}
