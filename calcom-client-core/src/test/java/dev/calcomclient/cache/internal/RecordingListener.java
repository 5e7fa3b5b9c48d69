package dev.calcomclient.cache.internal;

import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records cache events as {@code "HIT L1 key"} / {@code "MISS L2 key"}. */
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

  List<String> drain() {
    synchronized (events) {
      List<String> out = List.copyOf(events);
      events.clear();
      return out;
    }
  }
}
