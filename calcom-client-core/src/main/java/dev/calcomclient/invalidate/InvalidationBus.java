package dev.calcomclient.invalidate;

import java.util.concurrent.CompletableFuture;

/**
 * Carries {@link InvalidationMessage}s between the instances that share a Cal.com key, so that a booking made
 * through one instance drops the affected slot entries from every instance's L1. The in-process hub
 * ({@link #inProcess()}) connects clients in one JVM; the Redis module connects JVMs with pub/sub.
 *
 * <p>Delivery may be lost (pub/sub is at-most-once): the client numbers its messages, and a receiver that sees a
 * gap, or hears {@link Subscriber#connectionLost()}, flushes its L1 slot entries rather than risk a stale read.
 */
public interface InvalidationBus extends AutoCloseable {

  /**
   * Publishes {@code message} to every subscriber (the publisher's own subscription included; it ignores its
   * own source id). The future fails when the bus cannot take the message; the client then queues and retries.
   *
   * @param message the message
   * @return a future completed when it is done
   */
  CompletableFuture<Void> publish(InvalidationMessage message);

  /**
   * Registers {@code subscriber} until the returned handle is closed.
   *
   * @param subscriber the subscriber
   * @return the auto closeable
   */
  AutoCloseable subscribe(Subscriber subscriber);

  /** Releases connections the implementation owns; the default does nothing. */
  @Override
  default void close() {}

  /**
   * A hub that delivers synchronously to every subscriber in this JVM. Share one instance between clients.
   *
   * @return a hub that delivers synchronously to every subscriber in this JVM
   */
  static InvalidationBus inProcess() {
    return new dev.calcomclient.invalidate.internal.InProcessInvalidationBus();
  }

  /** Receives messages and connection events. Calls must be fast and must not block. */
  interface Subscriber {
    /**
     * A message arrived (possibly one this instance published).
     *
     * @param message the message
     */
    void onMessage(InvalidationMessage message);

    /** The bus lost its connection: messages may be missed until {@link #connectionRestored()}. */
    default void connectionLost() {}

    /** The bus is connected again; messages sent while it was down were missed. */
    default void connectionRestored() {}
  }
}
