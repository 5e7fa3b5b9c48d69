package dev.calcomclient.examples.load;

import java.util.List;
import java.util.Set;

/**
 * One scenario's result: the three sides, or why it did not run.
 *
 * @param sharedLayers what calcom-client's instances share layers through, or null for one plain instance
 * @param timeScale    simulated seconds per wall second this scenario ran at
 */
record ScenarioOutcome(ScenarioSpec spec, SideResult naive, SideResult generic, SideResult calcom, String notRunReason,
    Set<Feature> notRunRequires, List<String> charts, double wallSeconds, String sharedLayers, double timeScale) {

  /** The sides in the order of the report's columns: naive, generic-stack, calcom-client. */
  List<SideResult> sides() {
    return List.of(naive, generic, calcom);
  }

  boolean ran() {
    return notRunReason == null;
  }

  static ScenarioOutcome notRun(ScenarioSpec spec, Set<Feature> requires, String reason) {
    return new ScenarioOutcome(spec, null, null, null, reason, requires, List.of(), 0, null, 0);
  }
}
