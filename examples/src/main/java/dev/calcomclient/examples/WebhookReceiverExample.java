package dev.calcomclient.examples;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.examples.Steps.Timed;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookTampering;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A webhook receiver: a JDK {@code HttpServer} endpoint ({@link WebhookEndpoint}) that verifies Cal.com webhooks and
 * applies them to the client's cache through {@code client.webhookReceiver().secret(...)}, answering
 * {@code result.httpStatus()}.
 *
 * <p>With no arguments it runs a demonstration against an embedded {@link FakeCalcom} subscribed to the endpoint
 * with the same (random, never printed) secret: the client caches a day of slots; someone books one of them
 * "elsewhere" (directly on the fake), which the cache cannot know; the fake's signed {@code BOOKING_CREATED}
 * delivery drops the slot, and the next answer comes from upstream without it; then two forged deliveries (wrong
 * secret, body changed after signing) are answered 401 and change nothing.
 *
 * <p>With {@code --serve} (and the secret in {@code CALCOM_WEBHOOK_SECRET}) it only serves, until Ctrl-C, for a
 * real Cal.com webhook subscription: {@code --port} (default 8080) and {@code --host} (default 127.0.0.1; put a
 * tunnel or reverse proxy with TLS in front). With {@code CALCOM_API_KEY} as well, deliveries invalidate a client's
 * cache as in the demonstration; without it they are verified and printed only.
 */
public final class WebhookReceiverExample {
  /** The event type of the demonstration (Alice's intro call in the fake's default data). */
  static final long EVENT_TYPE_ID = DefaultDataset.INTRO_CALL_ID;

  /** The zone of the demonstration's day. */
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  /** The slot someone books elsewhere, next Monday. */
  static final LocalTime TAKEN_TIME = LocalTime.of(10, 0);

  private static final Set<String> TRIGGERS = Set.of("BOOKING_CREATED", "BOOKING_CANCELLED", "BOOKING_RESCHEDULED");
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);

  private WebhookReceiverExample() {}

  /** Runs the demonstration, or serves with {@code --serve}; exits 2 on bad arguments or a missing secret. */
  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    if (args.length > 0) {
      serve(args, out);
      return;
    }
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      out.println("No arguments: a demonstration against an embedded FakeCalcom at " + fake.baseUrl());
      runEmbedded(fake, out);
    }
    out.println();
    out.println("To receive a real Cal.com account's webhooks: CALCOM_WEBHOOK_SECRET=... and --serve [--port 8080]");
  }

  /**
   * The demonstration against {@code fake} (default data); the client uses the fake's clock. The fake is subscribed
   * to a new endpoint on a free loopback port, and unsubscribed at the end.
   */
  static void runEmbedded(FakeCalcom fake, PrintStream out) {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String secret = "whsec_" + HexFormat.of().formatHex(random);
    try (CalcomClient client =
            CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).clock(fake.clock()).build();
        WebhookEndpoint endpoint =
            WebhookEndpoint.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                client.webhookReceiver().secret(secret).build(),
                true,
                out)) {
      String subscription = fake.webhooks().subscribe(endpoint.url(), secret, TRIGGERS).id();
      out.println(
          "Receiver listening on "
              + endpoint.url()
              + "; the fake delivers its webhooks there, signed with the same secret (not printed)");
      try {
        demonstrate(fake, client, out);
      } finally {
        fake.webhooks().unsubscribe(subscription);
      }
    }
  }

  private static void demonstrate(FakeCalcom fake, CalcomClient client, PrintStream out) {
    Steps steps = new Steps(out, UpstreamCalls.fromJournal(fake));
    ZonedDateTime taken = ExampleTimes.next(DayOfWeek.MONDAY, TAKEN_TIME, ZONE, fake.clock());
    String takenTime = ExampleTimes.time(taken.toInstant(), ZONE);

    steps.begin(
        "The client learns event type #" + EVENT_TYPE_ID + " and caches " + ExampleTimes.day(taken.toLocalDate()));
    Timed<Optional<EventType>> loaded = steps.measure(() -> client.eventTypes().get(EVENT_TYPE_ID));
    steps.detail(
        "event type: %s, %s min; %s",
        loaded.value().map(EventType::title).orElse("?"),
        loaded.value().map(EventType::lengthInMinutes).orElse(null),
        loaded.upstream());
    query(steps, client, taken, "first query");
    SlotsResult cached = query(steps, client, taken, "again");
    require(cached.source() == SlotsSource.L1, "the second query should be served from L1");
    require(ExampleTimes.offers(cached, taken.toInstant()), takenTime + " should be free at first");
    steps.detail("%s is offered, from the cache", takenTime);

    steps.begin("Someone books " + ExampleTimes.dayAndTime(taken) + " on Cal.com's own booking page (elsewhere)");
    FakeBooking elsewhere =
        fake.seedBooking(EVENT_TYPE_ID, taken.toInstant(), "Walk-in Customer", "walk-in@example.com");
    steps.detail("booking %s made directly on the fake, not through this client", elsewhere.uid());
    SlotsResult unaware = query(steps, client, taken, "query");
    steps.detail(
        "%s is %s offered (source %s): without a webhook the cache cannot know",
        takenTime, ExampleTimes.offers(unaware, taken.toInstant()) ? "still" : "no longer", unaware.source());

    steps.begin("Cal.com sends the signed BOOKING_CREATED webhook for it");
    int status = deliver(fake, "BOOKING_CREATED", elsewhere.uid(), null);
    require(status == 200, "the genuine delivery should be answered 200, was " + status);
    SlotsResult after = query(steps, client, taken, "query");
    boolean gone = !ExampleTimes.offers(after, taken.toInstant());
    require(gone, takenTime + " is still offered after the webhook");
    steps.detail("slot gone: %s is no longer offered, and the answer came from %s", takenTime, after.source());

    forged(steps, fake, client, taken, elsewhere, WebhookTampering.WRONG_SECRET, "signed with the wrong secret");
    forged(steps, fake, client, taken, elsewhere, WebhookTampering.BODY_CHANGED, "a delivery edited after signing");

    ClientStats stats = client.stats();
    out.printf(
        "%nWebhooks: %d verified, %d rejected (as the client's stats count them)%n%n",
        stats.webhooksVerified(), stats.webhooksRejected());
    out.println(stats.toReport());
  }

  private static void forged(
      Steps steps,
      FakeCalcom fake,
      CalcomClient client,
      ZonedDateTime day,
      FakeBooking booking,
      WebhookTampering tampering,
      String what) {
    steps.begin("A forged delivery arrives: " + what + " (" + tampering + ")");
    int status = deliver(fake, "BOOKING_CREATED", booking.uid(), tampering);
    require(status == 401, "a forged delivery should be answered 401, was " + status);
    SlotsResult after = query(steps, client, day, "query");
    require(after.source() == SlotsSource.L1, "a forged delivery must not invalidate anything");
    steps.detail("answered %d; the day is still served from %s: nothing was invalidated", status, after.source());
  }

  /**
   * Makes the fake send {@code trigger} for the booking, corrupted as {@code tampering} says (or genuine when
   * {@code null}), waits until the receiver has answered, and returns its answer.
   */
  private static int deliver(FakeCalcom fake, String trigger, String bookingUid, WebhookTampering tampering) {
    int count = fake.webhooks().deliveries().size() + 1;
    if (tampering != null) {
      fake.webhooks().tamperNext(1, tampering);
    }
    fake.webhooks().trigger(trigger, bookingUid);
    return fake.webhooks().awaitDeliveries(count, DELIVERY_WAIT).get(count - 1).responseStatus();
  }

  private static SlotsResult query(Steps steps, CalcomClient client, ZonedDateTime day, String label) {
    Timed<SlotsResult> r =
        steps.measure(() -> client.slots().find(ExampleTimes.dayQuery(EVENT_TYPE_ID, day.toLocalDate(), ZONE)));
    steps.detail(
        "%s: %d slots (source %s), %s: %s",
        label,
        r.value().size(),
        r.value().source(),
        r.upstream(),
        ExampleTimes.times(r.value().all(), ZONE, 6));
    return r.value();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  // ---- --serve -----------------------------------------------------------------------------------------------

  private static void serve(String[] args, PrintStream out) throws InterruptedException {
    String host = "127.0.0.1";
    int port = 8080;
    boolean serve = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--serve" -> serve = true;
          case "--host" -> host = value(args, ++i, "--host");
          case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      if (!serve) {
        throw new IllegalArgumentException("--host and --port only go with --serve");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: WebhookReceiverExample                 (demonstration against an embedded FakeCalcom)\n"
              + "       WebhookReceiverExample --serve [--port 8080] [--host 127.0.0.1]\n"
              + "                                              (needs CALCOM_WEBHOOK_SECRET; CALCOM_API_KEY optional)");
      System.exit(2);
      return;
    }
    String secret = System.getenv("CALCOM_WEBHOOK_SECRET");
    if (secret == null || secret.isBlank()) {
      System.err.println("--serve needs the webhook's secret in CALCOM_WEBHOOK_SECRET (the one set on Cal.com)");
      System.exit(2);
      return;
    }
    String apiKey = System.getenv("CALCOM_API_KEY");
    CalcomClient client = null;
    CalcomWebhooks webhooks;
    if (apiKey != null && !apiKey.isBlank()) {
      String baseUrl = Optional.ofNullable(System.getenv("CALCOM_BASE_URL")).orElse(CalcomClient.DEFAULT_BASE_URL);
      client = CalcomClient.builder().apiKey(apiKey).baseUrl(baseUrl).build();
      webhooks = client.webhookReceiver().secret(secret).build();
    } else {
      webhooks = CalcomWebhooks.builder().secret(secret).build();
    }
    WebhookEndpoint endpoint = WebhookEndpoint.start(new InetSocketAddress(host, port), webhooks, client != null, out);
    CalcomClient ownedClient = client;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  endpoint.close();
                  if (ownedClient != null) {
                    ownedClient.close();
                  }
                  stopped.countDown();
                },
                "webhook-receiver-shutdown"));
    out.println("Serving Cal.com webhooks on " + endpoint.url() + " (secret from CALCOM_WEBHOOK_SECRET)");
    out.println(
        client != null
            ? "Verified booking deliveries invalidate the cache of a client for " + client.baseUrl()
            : "No CALCOM_API_KEY: deliveries are verified and printed only");
    out.println("Subscribe this URL (reachable from Cal.com, e.g. through a tunnel) in Cal.com's Settings >"
        + " Developer > Webhooks with the same secret. Ctrl-C to stop.");
    stopped.await();
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }
}
