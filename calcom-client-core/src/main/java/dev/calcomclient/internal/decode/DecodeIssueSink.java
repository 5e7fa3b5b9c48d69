package dev.calcomclient.internal.decode;

import dev.calcomclient.model.DecodeIssue;

/** Receives what did not decode as expected (listeners, stats, metrics, logs). */
@FunctionalInterface
public interface DecodeIssueSink {
  /** A sink that drops everything. */
  DecodeIssueSink NONE = issue -> {};

  /**
   * Receives one issue of one answer.
   *
   * @param issue the issue, with its count in that answer
   */
  void accept(DecodeIssue issue);
}
