package dev.calcomclient.internal.decode;

import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.pipeline.Operation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's {@link DecodeIssueSink}: passes every issue to the listeners ({@code stats()}, Micrometer, the
 * caller's own), logs it at DEBUG (field and operation, never the value), and logs elements left out at WARN once
 * per operation (later ones at DEBUG).
 */
public final class DecodeReporting implements DecodeIssueSink {
  private static final Logger log = LoggerFactory.getLogger(DecodeReporting.class);

  private final CalcomEventListener listener;
  private final Set<Operation> warned = ConcurrentHashMap.newKeySet();

  /**
   * Creates the sink.
   *
   * @param listener receives {@link CalcomEventListener#decodeIssue(DecodeIssue)}
   */
  public DecodeReporting(CalcomEventListener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(DecodeIssue issue) {
    if (issue.isLeftOut() && warned.add(issue.operation())) {
      log.warn(
          "{}: left out {} element(s) of Cal.com's answer without a valid {} (reported once per operation;"
              + " see stats() and the calcom.client.decode.tolerated counter)",
          issue.operation(),
          issue.count(),
          issue.field());
    } else if (log.isDebugEnabled()) {
      log.debug(
          "{}: {} {} time(s) for field {}",
          issue.operation(),
          issue.isLeftOut() ? "left out an element" : "decoded a mistyped optional field as absent",
          issue.count(),
          issue.field());
    }
    listener.decodeIssue(issue);
  }
}
