package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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

  private final String ownSourceId;
  private final Supplier<InvalidationTarget> target;
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
  private final AtomicLong ignoredOwn = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private volatile boolean connected = true;

  /**
   * Creates a receiver.
   *
   * @param ownSourceId the id this instance publishes with
   * @param target this instance's slot cache
   * @param onRestored run when the bus reconnects (the invalidator retries its queue then)
   */
  public BusReceiver(String ownSourceId, Supplier<InvalidationTarget> target, Runnable onRestored) {
    this.ownSourceId = ownSourceId;
    this.target = target;
    this.onRestored = onRestored;
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
      InvalidationTarget t = target.get();
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
        t.invalidateLocal(tags);
        applied.incrementAndGet();
      }
    } catch (RuntimeException e) {
      log.warn("could not apply an invalidation from {}; flushing L1 slots", message.sourceId(), e);
      flush();
    }
  }

  @Override
  public void connectionLost() {
    connected = false;
    forgetSequences();
    flush();
  }

  @Override
  public void connectionRestored() {
    connected = true;
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
      target.get().flushLocalSlots();
    } catch (RuntimeException e) {
      log.error("flushing L1 slot entries failed", e);
    }
  }
}
