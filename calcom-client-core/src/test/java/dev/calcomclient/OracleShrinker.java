package dev.calcomclient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Shrinks a failing schedule: removes steps while it still fails, until no single removal keeps it failing. */
final class OracleShrinker {
  private OracleShrinker() {}

  /**
   * @param failing a schedule for which {@code run} answers a violation
   * @param run runs a schedule and answers its first violation, or {@code null}
   * @return a schedule, no longer than {@code failing}, that still fails and from which no step can be removed
   */
  static List<OracleStep> shrink(List<OracleStep> failing, Function<List<OracleStep>, String> run) {
    List<OracleStep> best = new ArrayList<>(failing);
    boolean removed = true;
    while (removed) {
      removed = false;
      for (int i = best.size() - 1; i >= 0; i--) {
        List<OracleStep> candidate = new ArrayList<>(best);
        candidate.remove(i);
        if (run.apply(candidate) != null) {
          best = candidate;
          removed = true;
        }
      }
    }
    return best;
  }
}
