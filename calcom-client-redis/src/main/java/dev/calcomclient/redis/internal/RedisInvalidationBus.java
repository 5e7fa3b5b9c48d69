package dev.calcomclient.redis.internal;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InvalidationBus} on Redis pub/sub: every instance publishes on one channel and subscribes to it on a
 * dedicated pub/sub connection. Messages are delivered untouched (source id and sequence number included; the
 * client ignores its own and detects gaps).
 *
 * <p>Pub/sub is at-most-once, so the bus reports what it cannot guarantee: {@link Subscriber#connectionLost()} when
 * its subscription connection drops (messages published meanwhile are lost to this instance), and
 * {@link Subscriber#connectionRestored()} once Lettuce has reconnected <em>and</em> the channel is subscribed again
 * (so a message published after that call is received). A message this version cannot decode is reported the same
 * way (lost, then restored), because it may have been an invalidation. {@link #publish} fails at once while the
 * command connection is down (commands are rejected, never queued), so that the client queues and retries.
 */
public final class RedisInvalidationBus implements InvalidationBus {
  private static final Logger log = LoggerFactory.getLogger(RedisInvalidationBus.class);

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private final String channel;
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Object stateLock = new Object();
  private boolean connected = true;
  private boolean restoring;
  private volatile boolean closed;

  /**
   * Subscribes to {@code channel} (waiting up to {@code subscribeTimeout}) and starts delivering.
   *
   * @param redis the shared command connection, used to publish
   * @param pubSub a pub/sub connection owned by this bus from now on (its listeners are added here)
   * @param channel the channel every instance of one deployment uses, for example {@code calcom:v1:invalidations}
   */
  public RedisInvalidationBus(
      RedisClusterAsyncCommands<String, byte[]> redis,
      StatefulRedisPubSubConnection<String, byte[]> pubSub,
      String channel,
      Duration subscribeTimeout) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
    this.channel = Objects.requireNonNull(channel, "channel");
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, byte[] message) {
            if (channel.equals(ch)) {
              deliver(message);
            }
          }

          @Override
          public void subscribed(String ch, long count) {
            if (channel.equals(ch)) {
              onSubscribed();
            }
          }
        });
    pubSub.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            // Restored only once the channel is subscribed again (Lettuce resubscribes after reconnecting).
          }

          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            onDisconnected();
          }
        });
    try {
      pubSub.async().subscribe(channel).get(subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot subscribe to the invalidation channel " + channel, e);
    }
  }

  @Override
  public CompletableFuture<Void> publish(InvalidationMessage message) {
    byte[] payload = InvalidationCodec.encode(message);
    try {
      return redis.publish(channel, payload).toCompletableFuture().thenApply(receivers -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public AutoCloseable subscribe(Subscriber subscriber) {
    subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> subscribers.remove(subscriber);
  }

  /** Whether the subscription is live now (false between a disconnect and the resubscription). */
  public boolean isConnected() {
    synchronized (stateLock) {
      return connected;
    }
  }

  private void deliver(byte[] payload) {
    InvalidationMessage message;
    try {
      message = InvalidationCodec.decode(payload);
    } catch (IllegalArgumentException e) {
      log.warn("undecodable message on {} ({}); treating it as a missed invalidation", channel, e.getMessage());
      notifyAll(Subscriber::connectionLost);
      notifyAll(Subscriber::connectionRestored);
      return;
    }
    notifyAll(s -> s.onMessage(message));
  }

  private void onDisconnected() {
    synchronized (stateLock) {
      if (!connected || closed) {
        return;
      }
      connected = false;
    }
    log.warn("invalidation bus lost its Redis connection; messages may be missed until it is back");
    notifyAll(Subscriber::connectionLost);
  }

  private void onSubscribed() {
    synchronized (stateLock) {
      if (connected || closed || restoring) {
        return;
      }
      restoring = true;
    }
    awaitPublisherThenRestore(0);
  }

  /**
   * Signals "restored" only once the publishing connection answers too: the client's first reaction is to publish
   * its queued invalidations, which would fail if only the subscription were back.
   */
  private void awaitPublisherThenRestore(int attempt) {
    CompletableFuture<String> ping;
    try {
      ping = redis.ping().toCompletableFuture();
    } catch (RuntimeException e) {
      ping = CompletableFuture.failedFuture(e);
    }
    ping.whenComplete(
        (pong, failure) -> {
          if (failure != null && !closed) {
            // Short: a ping on a disconnected connection is refused locally at once, and the client's queued
            // invalidations are retried when this signals "restored".
            long delayMillis = Math.min(20, 5L << Math.min(attempt, 2));
            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS)
                .execute(() -> awaitPublisherThenRestore(attempt + 1));
            return;
          }
          synchronized (stateLock) {
            restoring = false;
            if (connected || closed) {
              return;
            }
            connected = true;
          }
          log.info("invalidation bus subscribed to {} again", channel);
          notifyAll(Subscriber::connectionRestored);
        });
  }

  private void notifyAll(Consumer<Subscriber> call) {
    for (Subscriber s : subscribers) {
      try {
        call.accept(s);
      } catch (RuntimeException e) {
        log.warn("an invalidation subscriber failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    subscribers.clear();
    pubSub.close();
  }

  @Override
  public String toString() {
    return "RedisInvalidationBus{channel=" + channel + ", connected=" + isConnected() + "}";
  }
}
