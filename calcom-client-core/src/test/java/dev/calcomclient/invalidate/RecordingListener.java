package dev.calcomclient.invalidate;

import dev.calcomclient.metrics.CalcomEventListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the invalidation events of {@link CalcomEventListener}. */
public final class RecordingListener implements CalcomEventListener {
  public final List<Integer> invalidated = new CopyOnWriteArrayList<>();
  public final List<Duration> durations = new CopyOnWriteArrayList<>();
  public final List<Integer> queued = new CopyOnWriteArrayList<>();
  public final List<Integer> dropped = new CopyOnWriteArrayList<>();

  @Override
  public void invalidated(int keys, Duration duration) {
    invalidated.add(keys);
    durations.add(duration);
  }

  @Override
  public void invalidationQueued(int keys) {
    queued.add(keys);
  }

  @Override
  public void invalidationDropped(int keys) {
    dropped.add(keys);
  }
}
