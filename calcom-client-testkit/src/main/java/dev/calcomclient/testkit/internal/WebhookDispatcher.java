package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeUser;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.testkit.WebhookReceiver;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.testkit.WebhookSubscription;
import dev.calcomclient.testkit.WebhookTampering;
import dev.calcomclient.testkit.Webhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The fake's webhook registry and sender. Booking handlers call {@link #bookingCreated} etc. under the state lock;
 * bodies are built and signed there (a consistent snapshot) and sent by one background thread, in order.
 */
public final class WebhookDispatcher implements Webhooks, BookingEvents, AutoCloseable {
  public static final String BOOKING_CREATED = "BOOKING_CREATED";
  public static final String BOOKING_CANCELLED = "BOOKING_CANCELLED";
  public static final String BOOKING_RESCHEDULED = "BOOKING_RESCHEDULED";
  private static final String IN_PROCESS = "inprocess:";
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final FakeState state;
  private final Clock clock;
  private final Map<String, WebhookSubscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, WebhookReceiver> receivers = new LinkedHashMap<>();
  private final Deque<WebhookTampering> tamperings = new ArrayDeque<>();
  private final List<WebhookDelivery> completed = new ArrayList<>();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "FakeCalcom-webhooks");
    t.setDaemon(true);
    return t;
  });
  private volatile HttpClient http;

  private volatile boolean wireQuirks;

  /** Sends deliveries in the shapes Cal.com really uses where they differ from the documented ones. */
  public void wireQuirks(boolean on) {
    this.wireQuirks = on;
  }

  public WebhookDispatcher(FakeState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  // ---- registry -------------------------------------------------------------------------------------------

  @Override
  public WebhookSubscription subscribe(String subscriberUrl, String secret, Set<String> triggers) {
    URI uri = URI.create(Objects.requireNonNull(subscriberUrl, "subscriberUrl"));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("subscriberUrl must be http(s), was " + subscriberUrl);
    }
    return put(new WebhookSubscription(newId(), null, subscriberUrl, triggers, secret, true, null), null);
  }

  @Override
  public WebhookSubscription subscribe(WebhookReceiver receiver, String secret, Set<String> triggers) {
    Objects.requireNonNull(receiver, "receiver");
    String id = newId();
    return put(new WebhookSubscription(id, null, IN_PROCESS + id, triggers, secret, true, null), receiver);
  }

  /** Stores (or replaces) a subscription; {@code receiver} is {@code null} for HTTP subscribers. */
  public synchronized WebhookSubscription put(WebhookSubscription subscription, WebhookReceiver receiver) {
    subscriptions.put(subscription.id(), subscription);
    if (receiver != null) {
      receivers.put(subscription.id(), receiver);
    }
    return subscription;
  }

  public synchronized WebhookSubscription get(String id) {
    return subscriptions.get(id);
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public synchronized List<WebhookSubscription> subscriptions() {
    return List.copyOf(subscriptions.values());
  }

  @Override
  public synchronized boolean unsubscribe(String id) {
    receivers.remove(id);
    return subscriptions.remove(id) != null;
  }

  @Override
  public synchronized void tamperNext(int count, WebhookTampering tampering) {
    Objects.requireNonNull(tampering, "tampering");
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    for (int i = 0; i < count; i++) {
      tamperings.add(tampering);
    }
  }

  // ---- emission (called by booking handlers while holding the state lock) ---------------------------------

  @Override
  public void bookingCreated(StoredBooking booking) {
    emit(BOOKING_CREATED, booking, (et, org) -> WebhookPayloads.booking(booking, et, org));
  }

  @Override
  public void bookingCancelled(StoredBooking booking) {
    emit(BOOKING_CANCELLED, booking, (et, org) -> WebhookPayloads.cancelled(booking, et, org));
  }

  @Override
  public void bookingRescheduled(StoredBooking old, StoredBooking replacement) {
    emit(BOOKING_RESCHEDULED, replacement, (et, org) -> WebhookPayloads.rescheduled(replacement, old, et, org));
  }

  @Override
  public void trigger(String triggerEvent, String bookingUid) {
    state.lock().lock();
    try {
      StoredBooking booking = state.bookings.get(bookingUid);
      if (booking == null) {
        throw new IllegalArgumentException("no booking with uid " + bookingUid);
      }
      StoredBooking old = booking.rescheduledFromUid == null ? null : state.bookings.get(booking.rescheduledFromUid);
      emit(triggerEvent, booking, (et, org) -> switch (triggerEvent) {
        case BOOKING_CANCELLED -> WebhookPayloads.cancelled(booking, et, org);
        case BOOKING_RESCHEDULED -> old == null ? WebhookPayloads.booking(booking, et, org)
            : WebhookPayloads.rescheduled(booking, old, et, org);
        default -> WebhookPayloads.booking(booking, et, org);
      });
    } finally {
      state.lock().unlock();
    }
  }

  private interface PayloadFactory {
    ObjectNode build(FakeEventType eventType, FakeUser organizer);
  }

  private void emit(String triggerEvent, StoredBooking booking, PayloadFactory factory) {
    List<Target> targets = targets(triggerEvent, booking.hostIds);
    if (targets.isEmpty()) {
      return;
    }
    FakeEventType eventType = state.eventTypes.get(booking.eventTypeId);
    FakeUser organizer = booking.hostIds.isEmpty() ? null : state.users.get(booking.hostIds.get(0));
    if (eventType == null || organizer == null) {
      throw new IllegalStateException("booking " + booking.uid + " has no event type or host to describe");
    }
    Instant now = clock.instant();
    ObjectNode payload = factory.build(eventType, organizer);
    if (wireQuirks && triggerEvent.equals(BOOKING_CANCELLED)) {
      List<FakeUser> others = new ArrayList<>();
      booking.hostIds.stream().skip(1).map(state.users::get).filter(Objects::nonNull).forEach(others::add);
      WebhookPayloads.asCalcomCancels(payload, booking, others);
    }
    String body = Json.write(WebhookPayloads.envelope(triggerEvent, now, payload));
    for (Target target : targets) {
      Outgoing outgoing = sign(target.subscription, triggerEvent, body, now, target.tampering);
      sender.execute(() -> deliver(outgoing, target.receiver));
    }
  }

  private record Target(WebhookSubscription subscription, WebhookReceiver receiver, WebhookTampering tampering) {}

  private synchronized List<Target> targets(String triggerEvent, List<Long> hostIds) {
    List<Target> targets = new ArrayList<>();
    for (WebhookSubscription s : subscriptions.values()) {
      if (s.wants(triggerEvent) && (s.userId() == null || hostIds.contains(s.userId()))) {
        targets.add(new Target(s, receivers.get(s.id()), tamperings.poll()));
      }
    }
    return targets;
  }

  private record Outgoing(WebhookSubscription subscription, String triggerEvent, String body,
      Map<String, String> headers, WebhookTampering tampering, Instant sentAt) {}

  private static Outgoing sign(WebhookSubscription s, String triggerEvent, String body, Instant now,
      WebhookTampering tampering) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String signature = WebhookSignature.sign(s.secret(), bytes);
    String sentBody = body;
    if (tampering != null) {
      switch (tampering) {
        case BODY_CHANGED -> sentBody = body.replaceFirst("\"triggerEvent\":\"", "\"triggerEvent\":\"X");
        case WRONG_SECRET -> signature = WebhookSignature.sign("not-" + s.secret(), bytes);
        case SIGNATURE_MISSING -> signature = null;
        case NO_SECRET_PROVIDED -> signature = WebhookSignature.NO_SECRET;
        default -> throw new IllegalStateException("unknown tampering " + tampering);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (signature != null) {
      headers.put(WebhookSignature.HEADER, signature);
    }
    headers.put(WebhookSignature.VERSION_HEADER, WebhookSignature.VERSION);
    return new Outgoing(s, triggerEvent, sentBody, headers, tampering, now);
  }

  // ---- delivery (background thread) -----------------------------------------------------------------------

  private void deliver(Outgoing o, WebhookReceiver receiver) {
    int status;
    String failure = null;
    byte[] bytes = o.body.getBytes(StandardCharsets.UTF_8);
    if (receiver != null) {
      try {
        receiver.receive(bytes, o.headers);
        status = 200;
      } catch (Exception | AssertionError e) {
        status = 500;
        failure = e.toString();
      }
    } else {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(o.subscription.subscriberUrl()))
            .timeout(HTTP_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        o.headers.forEach(request::header);
        HttpResponse<Void> response = client().send(request.build(), HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status < 200 || status >= 300) {
          failure = "subscriber answered " + status;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = -1;
        failure = e.toString();
      } catch (Exception e) {
        status = -1;
        failure = e.toString();
      }
    }
    WebhookDelivery delivery = new WebhookDelivery(o.subscription.id(), o.subscription.subscriberUrl(),
        o.triggerEvent, o.body, o.headers, o.tampering, o.sentAt, status, failure);
    synchronized (this) {
      completed.add(delivery);
      notifyAll();
    }
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) {
          http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(HTTP_TIMEOUT).build();
        }
        c = http;
      }
    }
    return c;
  }

  @Override
  public synchronized List<WebhookDelivery> deliveries() {
    return List.copyOf(completed);
  }

  @Override
  public synchronized List<WebhookDelivery> awaitDeliveries(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completed.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected at least " + count + " webhook deliveries within " + timeout
            + " but " + completed.size() + " completed: " + completed);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for webhook deliveries", e);
      }
    }
    return List.copyOf(completed);
  }

  @Override
  public synchronized void clearDeliveries() {
    completed.clear();
  }

  /** Forgets subscriptions, scheduled tamperings and completed deliveries. */
  public synchronized void reset() {
    subscriptions.clear();
    receivers.clear();
    tamperings.clear();
    completed.clear();
  }

  /** Stops the sender; deliveries not yet sent are dropped. */
  @Override
  public void close() {
    sender.shutdownNow();
  }

  /** For the management endpoints: subscriptions owned by {@code userId}. */
  public synchronized List<WebhookSubscription> ownedBy(long userId) {
    return subscriptions.values().stream().filter(s -> s.userId() != null && s.userId() == userId).toList();
  }

  /** Replaces a subscription by applying {@code change}; returns the new value or {@code null} if absent. */
  public synchronized WebhookSubscription update(String id, Function<WebhookSubscription, WebhookSubscription> change) {
    WebhookSubscription current = subscriptions.get(id);
    if (current == null) {
      return null;
    }
    WebhookSubscription updated = change.apply(current);
    subscriptions.put(id, updated);
    return updated;
  }
}
