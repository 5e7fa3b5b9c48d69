package dev.calcomclient.examples.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookSubscription;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bookings made elsewhere during a traffic scenario ({@code normal-external-churn}): directly in the side's fake, at
 * {@link ScenarioSpec#externalChurn()} times the client's own booking count, on free times of the scenario's event
 * types and days. Every other one is announced by the fake's signed {@code BOOKING_CREATED} webhook, handled by the
 * client's first instance (for calcom-client; the naive client keeps nothing to invalidate); the others stay
 * silent, as a calendar event synced into Cal.com would.
 */
final class ExternalChurn {
  private static final String SECRET = "load-churn-webhook-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Thread thread;
  private final WebhookSubscription subscription;
  private final FakeCalcom fake;
  private volatile boolean stopped;

  private ExternalChurn(Thread thread, WebhookSubscription subscription, FakeCalcom fake) {
    this.thread = thread;
    this.subscription = subscription;
    this.fake = fake;
  }

  static ExternalChurn start(ScenarioSpec spec, long seed, SimTime time, FakeCalcom fake, LoadClient client,
      Recorder recorder, StaleOfferOracle oracle, LocalDate today) {
    CalcomWebhooks hooks = client instanceof CalcomLoadClient c
        ? c.instance(0).client().webhookReceiver().secret(SECRET).build() : null;
    Set<String> toAnnounce = ConcurrentHashMap.newKeySet();
    WebhookSubscription subscription = fake.webhooks().subscribe((body, headers) -> {
      String uid = JSON.readTree(body).path("payload").path("uid").asText("");
      if (toAnnounce.remove(uid)) {
        if (hooks != null) {
          hooks.handle(body, name -> header(headers, name));
        }
        oracle.webhookHandled(uid);
      }
    }, SECRET, Set.of("BOOKING_CREATED"));
    ExternalChurn[] self = new ExternalChurn[1];
    Thread t = new Thread(() -> self[0].run(spec, seed, time, recorder, oracle, today, toAnnounce),
        "external-churn-" + client.name());
    t.setDaemon(true);
    self[0] = new ExternalChurn(t, subscription, fake);
    t.start();
    return self[0];
  }

  private static String header(Map<String, String> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  private void run(ScenarioSpec spec, long seed, SimTime time, Recorder recorder, StaleOfferOracle oracle,
      LocalDate today, Set<String> toAnnounce) {
    SplittableRandom random = new SplittableRandom(TrafficRunner.mix(seed, spec.name().hashCode(), -1));
    List<LocalDate> days = TrafficRunner.upcomingWorkdays(today, spec.horizonWorkdays());
    int made = 0;
    try {
      while (!stopped) {
        time.sleep(Duration.ofSeconds(1));
        while (!stopped && made < spec.externalChurn() * recorder.bookings().size()) {
          long eventTypeId = spec.eventTypeIds().get(random.nextInt(spec.eventTypeIds().size()));
          LocalDate day = days.get(random.nextInt(days.size()));
          Instant from = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
          List<Instant> free = fake.availableStarts(eventTypeId, from, from.plus(Duration.ofDays(1)).minusSeconds(1));
          boolean announce = made % 2 == 0;
          made++;
          if (free.isEmpty()) {
            continue;
          }
          FakeBooking b = fake.seedBooking(eventTypeId, free.get(random.nextInt(free.size())), "Elsewhere",
              "elsewhere-" + made + "@load.test");
          oracle.externalMade(b.uid(), announce);
          if (announce) {
            toAnnounce.add(b.uid());
            fake.webhooks().trigger("BOOKING_CREATED", b.uid());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    stopped = true;
    thread.interrupt();
    fake.webhooks().unsubscribe(subscription.id());
  }
}
