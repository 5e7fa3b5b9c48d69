package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.cache.internal.PeerConnectivity;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.model.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the other instances' invalidations to this instance's L1. Ignores its own messages (by source id);
 * tracks the last sequence number per source, and flushes every L1 slot entry when it sees a gap (a lost
 * message), a flush-all message, a malformed tag under its prefix, or a lost or restored connection (messages
 * may have been missed meanwhile). The first message of a source sets its baseline: messages from before this
 * receiver subscribed concern fills this instance had not made yet, as long as it subscribes before its cache
 * serves reads.
 */
public final class BusReceiver implements InvalidationBus.Subscriber {
  private static final Logger log = LoggerFactory.getLogger(BusReceiver.class);
  private static final int MAX_SOURCES = 1024;
  private static final int MAX_AWAITING = 1024;

  private final String ownSourceId;
  private final InvalidationTarget target;
  private final PeerConnectivity peers;
  private final Runnable onRestored;
  private final Map<String, Long> lastSequence =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_SOURCES;
        }
      };
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong widened = new AtomicLong();
  private final AtomicLong ignoredOwn = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private volatile boolean connected = true;
  private final DependencyIndex index;
  private final EventTypeCatalog catalog;
  /** Received tags of event types whose facts are being loaded, to widen once they arrive. */
  private final Map<Long, Set<SlotTag>> awaitingFacts = new ConcurrentHashMap<>();

  /**
   * Creates a receiver.
   *
   * @param ownSourceId the id this instance publishes with
   * @param target this instance's slot cache
   * @param onRestored run when the bus reconnects (the invalidator retries its queue then)
   */
  public BusReceiver(String ownSourceId, InvalidationTarget target, Runnable onRestored) {
    this(ownSourceId, target, onRestored, null, null, new PeerConnectivity());
  }

  /**
   * Creates a receiver that also widens what it receives with this instance's own knowledge.
   *
   * @param index this instance's dependency index, or {@code null}: the sender computed its tags from the event
   *     types IT knows; this instance may cache others sharing a host with a booked event type (each instance
   *     learns the event types it serves). For every received (event type, day) whose hosts this instance knows,
   *     the (event type, day) of every locally known event type sharing a host is dropped too, in L1 and in L2.
   *     For a received event type this instance does not know, the catalog is asked for its facts (retried within
   *     seconds) and the widening follows when they arrive; meanwhile the sender's tags are what is applied.
   * @param catalog where unknown event types' facts are asked for (and, once they arrive, the widening applied), or
   *     {@code null} with a {@code null} index
   * @param peers told whether the bus is connected (the slot store keeps L1 entries short-lived while not)
   */
  public BusReceiver(
      String ownSourceId,
      InvalidationTarget target,
      Runnable onRestored,
      DependencyIndex index,
      EventTypeCatalog catalog,
      PeerConnectivity peers) {
    this.ownSourceId = ownSourceId;
    this.target = target;
    this.peers = peers;
    this.onRestored = onRestored;
    this.index = index;
    this.catalog = catalog;
    if (catalog != null && index != null) {
      catalog.subscribe(this::factsArrived);
    }
  }

  @Override
  public void onMessage(InvalidationMessage message) {
    if (message == null) {
      return;
    }
    if (ownSourceId.equals(message.sourceId())) {
      ignoredOwn.incrementAndGet();
      return;
    }
    boolean gap;
    synchronized (lastSequence) {
      Long last = lastSequence.get(message.sourceId());
      gap = last != null && message.sequence() > last + 1;
      if (last == null || message.sequence() > last) {
        lastSequence.put(message.sourceId(), message.sequence());
      }
    }
    if (gap) {
      gaps.incrementAndGet();
      log.debug("invalidation message(s) from {} missed before #{}; flushing L1 slots", message.sourceId(),
          message.sequence());
    }
    if (message.flushAll() || gap) {
      flush();
      if (message.flushAll()) {
        return;
      }
    }
    try {
      InvalidationTarget t = target;
      String prefix = t.keyPrefix();
      String head = prefix + ":tag:";
      List<SlotTag> tags = new ArrayList<>(message.tags().size());
      for (String rendered : message.tags()) {
        if (rendered == null || !rendered.startsWith(head)) {
          continue; // another key space sharing the bus
        }
        tags.add(SlotTag.parse(prefix, rendered));
      }
      if (!tags.isEmpty()) {
        Set<SlotTag> extra = widen(tags, message.hosts());
        if (extra.isEmpty()) {
          t.invalidateLocal(tags);
        } else {
          List<SlotTag> all = new ArrayList<>(tags);
          all.addAll(extra);
          t.invalidateLocal(all);
          // The sender's L2 invalidation did not cover these: drop them from the shared tier too.
          t.invalidateRemote(List.copyOf(extra))
              .exceptionally(
                  e -> {
                    log.warn("could not invalidate {} widened tag(s) in the shared tier", extra.size(), e);
                    return 0;
                  });
          widened.addAndGet(extra.size());
        }
        applied.incrementAndGet();
      }
    } catch (RuntimeException e) {
      log.warn("could not apply an invalidation from {}; flushing L1 slots", message.sourceId(), e);
      flush();
    }
  }

  /**
   * The tags of locally known event types sharing a host with a received tag's event type, not already received. When
   * the sender named the change's hosts ({@code affectedHosts} not empty), only those of a tag's hosts count: a team
   * event type's tag, received because one of its hosts was booked, does not widen to its other hosts' types (they
   * were not booked; issue 18 measured those needless drops as refusals under overload of days the cache held).
   */
  private Set<SlotTag> widen(List<SlotTag> received, Set<Long> affectedHosts) {
    if (index == null) {
      return Set.of();
    }
    Set<SlotTag> extra = new TreeSet<>();
    List<SlotTag> unknown = new ArrayList<>();
    for (SlotTag tag : received) {
      Optional<EventTypeFacts> facts = index.get(tag.eventTypeId());
      if (facts.isEmpty()) {
        unknown.add(tag);
        continue;
      }
      Set<Long> hosts = facts.get().hosts();
      if (!affectedHosts.isEmpty()) {
        hosts = new HashSet<>(hosts);
        hosts.retainAll(affectedHosts);
      }
      if (hosts.isEmpty()) {
        continue;
      }
      for (Long other : index.sharingAnyHost(hosts)) {
        if (other != null && other != tag.eventTypeId()) {
          extra.add(new SlotTag(other, tag.day()));
        }
      }
    }
    if (!unknown.isEmpty()) {
      learnThenWiden(unknown);
    }
    extra.removeAll(received);
    return extra;
  }

  /** Asks the catalog for the unknown event types' facts; the widening they call for is applied when they arrive. */
  private void learnThenWiden(List<SlotTag> unknown) {
    if (catalog == null) {
      return;
    }
    for (SlotTag t : unknown) {
      if (awaitingFacts.size() >= MAX_AWAITING && !awaitingFacts.containsKey(t.eventTypeId())) {
        continue; // unknown stays unknown: the sender's tags are what this instance applies
      }
      awaitingFacts.computeIfAbsent(t.eventTypeId(), id -> ConcurrentHashMap.newKeySet()).add(t);
      catalog.need(t.eventTypeId());
    }
  }

  /** The catalog learnt {@code eventType} (the dependency index already has it): widens what waited for it. */
  private void factsArrived(EventType eventType) {
    Set<SlotTag> waiting = awaitingFacts.remove(eventType.id());
    if (waiting == null || waiting.isEmpty()) {
      return;
    }
    try {
      Set<SlotTag> extra = widen(List.copyOf(waiting), Set.of());
      if (!extra.isEmpty()) {
        InvalidationTarget t = target;
        t.invalidateLocal(extra);
        t.invalidateRemote(List.copyOf(extra)).exceptionally(e -> 0);
        widened.addAndGet(extra.size());
      }
    } catch (RuntimeException e) {
      log.warn("could not apply the widening of event type {}; flushing L1 slots", eventType.id(), e);
      flush();
    }
  }

  /** Tags this receiver added from its own dependency index to what it received. */
  public long widenedTags() {
    return widened.get();
  }

  @Override
  public void connectionLost() {
    connected = false;
    peers.set(false);
    forgetSequences();
    flush();
  }

  @Override
  public void connectionRestored() {
    connected = true;
    peers.set(true);
    forgetSequences();
    flush();
    try {
      onRestored.run();
    } catch (RuntimeException e) {
      log.warn("retrying queued invalidations after reconnecting failed", e);
    }
  }

  /** Whether the bus is connected as far as this receiver knows (messages may be missed while it is not). */
  public boolean connected() {
    return connected;
  }

  /** Messages from other instances applied to L1. */
  public long applied() {
    return applied.get();
  }

  /** Own messages ignored. */
  public long ignoredOwn() {
    return ignoredOwn.get();
  }

  /** Sequence gaps seen. */
  public long gaps() {
    return gaps.get();
  }

  /** L1 slot flushes made. */
  public long flushes() {
    return flushes.get();
  }

  private void forgetSequences() {
    synchronized (lastSequence) {
      lastSequence.clear();
    }
  }

  private void flush() {
    flushes.incrementAndGet();
    try {
      target.flushLocalSlots();
    } catch (RuntimeException e) {
      log.error("flushing L1 slot entries failed", e);
    }
  }
}
