package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.RecordedCall;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The fake's request journal: the most recent {@code capacity} calls (older ones roll off, oldest first) and how
 * many were recorded in all since the last {@link #clear}.
 */
public final class Journal {
  private final int capacity;
  private final ArrayDeque<RecordedCall> calls = new ArrayDeque<>();
  private long recorded;

  /** A journal keeping at most {@code capacity} calls ({@link Integer#MAX_VALUE}: all of them). */
  public Journal(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void add(RecordedCall call) {
    if (calls.size() == capacity) {
      calls.pollFirst();
    }
    calls.addLast(call);
    recorded++;
  }

  /** The calls held, oldest first. */
  public synchronized List<RecordedCall> snapshot() {
    return List.copyOf(calls);
  }

  /** How many calls are held. */
  public synchronized int size() {
    return calls.size();
  }

  /** How many calls were recorded since the last {@link #clear}, rolled-off ones included. */
  public synchronized long recorded() {
    return recorded;
  }

  public synchronized void clear() {
    calls.clear();
    recorded = 0;
  }
}
