package dev.calcomclient.examples.load;

import java.util.List;
import java.util.Set;

/** One scenario's result: both sides, or why it did not run. */
record ScenarioOutcome(ScenarioSpec spec, SideResult naive, SideResult calcom, String notRunReason,
    Set<Feature> notRunRequires, List<String> charts, double wallSeconds) {

  boolean ran() {
    return notRunReason == null;
  }

  static ScenarioOutcome notRun(ScenarioSpec spec, Set<Feature> requires, String reason) {
    return new ScenarioOutcome(spec, null, null, reason, requires, List.of(), 0);
  }
}
