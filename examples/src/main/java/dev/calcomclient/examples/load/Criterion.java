package dev.calcomclient.examples.load;

import java.util.Set;

/**
 * One pass/fail criterion of a scenario, with its measured value.
 *
 * @param name     e.g. {@code p95_availability_ms}
 * @param target   the threshold as text, e.g. {@code < 4000}
 * @param source   where the threshold comes from ("PHP gateway", "ours")
 * @param measured the measured value, {@code null} when it could not be measured
 * @param status   PASS, FAIL or NOT_RUN
 * @param requires calcom-client features this criterion depends on
 * @param note     why it was not run, or how it was measured
 */
record Criterion(String name, String target, String source, Double measured, Status status, Set<Feature> requires,
    String note) {

  enum Status {
    PASS,
    FAIL,
    NOT_RUN
  }

  static Criterion check(String name, String target, String source, Double measured, boolean passed,
      Set<Feature> requires, String note) {
    return new Criterion(name, target, source, measured, passed ? Status.PASS : Status.FAIL, requires, note);
  }

  static Criterion notRun(String name, String target, String source, Set<Feature> requires, String reason) {
    return new Criterion(name, target, source, null, Status.NOT_RUN, requires, reason);
  }

  /** The features this criterion needs that do not exist yet. */
  Set<Feature> missingFeatures() {
    return requires.stream().filter(f -> !f.available()).collect(java.util.stream.Collectors.toCollection(
        () -> java.util.EnumSet.noneOf(Feature.class)));
  }
}
