package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.List;

/** Thread-safe, append-only list of served requests. */
public final class Journal {
  private final List<RecordedCall> calls = new ArrayList<>();

  public synchronized void add(RecordedCall call) {
    calls.add(call);
  }

  public synchronized List<RecordedCall> snapshot() {
    return List.copyOf(calls);
  }

  public synchronized int size() {
    return calls.size();
  }

  public synchronized void clear() {
    calls.clear();
  }
}
