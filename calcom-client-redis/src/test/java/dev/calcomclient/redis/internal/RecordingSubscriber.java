package dev.calcomclient.redis.internal;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a bus delivers, for assertions. */
final class RecordingSubscriber implements InvalidationBus.Subscriber {
  final List<InvalidationMessage> messages = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicInteger lost = new AtomicInteger();
  final AtomicInteger restored = new AtomicInteger();
  volatile long restoredAtNanos;
  volatile long lastMessageAtNanos;

  @Override
  public void onMessage(InvalidationMessage message) {
    messages.add(message);
    lastMessageAtNanos = System.nanoTime();
    events.add("message " + message.sourceId() + "#" + message.sequence());
  }

  @Override
  public void connectionLost() {
    lost.incrementAndGet();
    events.add("lost");
  }

  @Override
  public void connectionRestored() {
    restoredAtNanos = System.nanoTime();
    restored.incrementAndGet();
    events.add("restored");
  }

  List<InvalidationMessage> from(String source) {
    return messages.stream().filter(m -> m.sourceId().equals(source)).toList();
  }
}
