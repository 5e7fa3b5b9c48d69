package dev.calcomclient.cache.internal;

import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records cache events as {@code "HIT L1 key"} / {@code "MISS L2 key"}, stale answers as {@code "STALE ..."}. */
final class RecordingListener implements CalcomEventListener {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void cacheHit(CacheTier tier, String key) {
    events.add("HIT " + tier + " " + key);
  }

  @Override
  public void cacheMiss(CacheTier tier, String key) {
    events.add("MISS " + tier + " " + key);
  }

  @Override
  public void answeredStale(Operation operation, StaleReason reason, Duration age) {
    events.add("STALE " + operation + " " + reason + " " + age);
  }

  List<String> drain() {
    synchronized (events) {
      List<String> out = List.copyOf(events);
      events.clear();
      return out;
    }
  }
}
