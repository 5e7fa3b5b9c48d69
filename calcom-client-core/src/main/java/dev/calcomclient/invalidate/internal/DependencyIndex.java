package dev.calcomclient.invalidate.internal;

import dev.calcomclient.model.EventType;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which event types share a host: an index over the {@link dev.calcomclient.catalog.internal.EventTypeCatalog}'s
 * facts, which it subscribes to ({@link #accept}); the catalog owns the facts, this only indexes them by host. A booking blocks its hosts' time for every event type they
 * host, so those are the event types whose slots it may change. Thread-safe; newer metadata of an event type
 * replaces older.
 */
public final class DependencyIndex implements Consumer<EventType> {
  private final Map<Long, EventTypeFacts> byId = new ConcurrentHashMap<>();
  // Guarded by this; readers copy under the lock, so a reader never sees an event type half-moved between hosts.
  private final Map<Long, Set<Long>> byHost = new HashMap<>();
  private final Set<Long> withoutHosts = new HashSet<>();

  /** Records {@code eventType}'s facts, replacing what was known of it. */
  @Override
  public void accept(EventType eventType) {
    if (eventType != null) {
      record(EventTypeFacts.of(eventType));
    }
  }

  /** Records {@code facts}, replacing what was known of the same event type. */
  public synchronized void record(EventTypeFacts facts) {
    EventTypeFacts old = byId.put(facts.id(), facts);
    if (old != null) {
      for (Long host : old.hosts()) {
        Set<Long> types = byHost.get(host);
        if (types != null) {
          types.remove(old.id());
          if (types.isEmpty()) {
            byHost.remove(host);
          }
        }
      }
      withoutHosts.remove(old.id());
    }
    for (Long host : facts.hosts()) {
      byHost.computeIfAbsent(host, h -> new HashSet<>()).add(facts.id());
    }
    if (facts.hosts().isEmpty()) {
      withoutHosts.add(facts.id());
    }
  }

  /** The facts of an event type, if known. */
  public Optional<EventTypeFacts> get(long eventTypeId) {
    return Optional.ofNullable(byId.get(eventTypeId));
  }

  /** The known event types hosted by any of {@code hostUserIds}. */
  public synchronized Set<Long> sharingAnyHost(Collection<Long> hostUserIds) {
    Set<Long> out = new HashSet<>();
    for (Long host : hostUserIds) {
      Set<Long> types = byHost.get(host);
      if (types != null) {
        out.addAll(types);
      }
    }
    return out;
  }

  /** The known event types whose hosts are not known (hosts sent as names only, or none). */
  public synchronized Set<Long> withUnknownHosts() {
    return Set.copyOf(withoutHosts);
  }

  /** Every known event type. */
  public Set<Long> knownIds() {
    return Set.copyOf(byId.keySet());
  }

  /** How many event types are known. */
  public int size() {
    return byId.size();
  }
}
