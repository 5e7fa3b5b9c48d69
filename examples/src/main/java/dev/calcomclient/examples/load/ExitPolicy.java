package dev.calcomclient.examples.load;

/**
 * Which of calcom-client's missed criteria make {@link LoadScenarios} exit non-zero. The naive client's criteria
 * never do: its figures are the baseline.
 */
enum ExitPolicy {
  /**
   * The default: a criterion fails the run only when every feature it depends on is in {@link Feature#AVAILABLE}.
   * Criteria of missing features are reported as "not met" (measured) or "not run", never silently passed.
   */
  ENFORCE_AVAILABLE_FEATURES,
  /** {@code --strict}: every criterion that was measured and missed fails the run, and so does a scenario not run. */
  ENFORCE_ALL;

  boolean enforces(Criterion c) {
    return this == ENFORCE_ALL || c.requires().stream().allMatch(Feature::available);
  }
}
