package dev.calcomclient.invalidate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process bus that can be taken down: while down, publishing fails and nothing is delivered; going down and
 * coming back are announced to the subscribers as the Redis bus would. Records every delivered message.
 */
public final class ControllableBus implements InvalidationBus {
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final List<InvalidationMessage> delivered = new ArrayList<>();
  private volatile boolean up = true;
  private int publishAttempts;

  @Override
  public CompletableFuture<Void> publish(InvalidationMessage message) {
    synchronized (this) {
      publishAttempts++;
      if (!up) {
        return CompletableFuture.failedFuture(new IllegalStateException("bus down"));
      }
      delivered.add(message);
    }
    subscribers.forEach(s -> s.onMessage(message));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public AutoCloseable subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Takes the bus down and tells the subscribers. */
  public void down() {
    up = false;
    subscribers.forEach(Subscriber::connectionLost);
  }

  /** Brings the bus back and tells the subscribers. */
  public void up() {
    up = true;
    subscribers.forEach(Subscriber::connectionRestored);
  }

  /** Fails publishes without telling the subscribers (this publisher's link alone is broken). */
  public void failSilently(boolean failing) {
    up = !failing;
  }

  public synchronized List<InvalidationMessage> delivered() {
    return new ArrayList<>(delivered);
  }

  public synchronized int publishAttempts() {
    return publishAttempts;
  }

  public int subscribers() {
    return subscribers.size();
  }
}
