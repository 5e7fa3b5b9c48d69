package dev.calcomclient.invalidate.internal;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers each message synchronously, on the publisher's thread, to every subscriber in this JVM. */
public final class InProcessInvalidationBus implements InvalidationBus {
  private static final Logger log = LoggerFactory.getLogger(InProcessInvalidationBus.class);
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Void> publish(InvalidationMessage message) {
    for (Subscriber s : subscribers) {
      try {
        s.onMessage(message);
      } catch (RuntimeException e) {
        log.warn("invalidation subscriber failed on a message from {}", message.sourceId(), e);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public AutoCloseable subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public String toString() {
    return "InProcessInvalidationBus{subscribers=" + subscribers.size() + "}";
  }
}
