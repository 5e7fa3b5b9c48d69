package dev.calcomclient.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.internal.ListenerFanout;
import dev.calcomclient.webhook.internal.ReplayGuard;
import dev.calcomclient.webhook.internal.SignatureVerifier;
import dev.calcomclient.webhook.internal.WebhookParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Cal.com webhook deliveries, framework-agnostic: raw body bytes and headers in, a typed result out. Wire
 * it into any HTTP stack (servlet, Spring, Javalin, JDK {@code HttpServer}) and answer the result's
 * {@link WebhookResult#httpStatus()}.
 *
 * <pre>{@code
 * CalcomWebhooks webhooks = CalcomWebhooks.builder()
 *     .secret(System.getenv("CALCOM_WEBHOOK_SECRET"))
 *     .onBookingChange(client.invalidator()::apply)
 *     .build();
 * // in the HTTP handler, with the body exactly as received:
 * WebhookResult result = webhooks.handle(bodyBytes, request::getHeader);
 * response.setStatus(result.httpStatus());
 * }</pre>
 *
 * <p>Order of checks, cheapest first, and each one's answer: body larger than {@link Builder#maxBodyBytes} (413);
 * a {@code Content-Type} that is neither JSON nor, with a custom payload hook, a form (415; a missing one is
 * accepted); {@code X-Cal-Signature-256} verified over the raw bytes before anything is parsed (401); then the body
 * is parsed (400 when malformed). A rejected delivery never reaches a hook, so it never invalidates anything.
 *
 * <p>Shapes as Cal.com sends them: a recurring series cancelled, rejected or created by one delivery
 * ({@code recurringEvent} in the payload) invalidates every possible occurrence of the series
 * ({@link WebhookEvent#bookingChanges()}); {@code OOO_*} deliveries invalidate the entry's user over its range;
 * {@code MEETING_STARTED} / {@code MEETING_ENDED} come flat (the booking's fields beside {@code triggerEvent}, no
 * {@code payload}) and are accepted with nothing to invalidate. Cal.com's older scheduled jobs send those two
 * without a signature: with a secret configured such a delivery gets 401 ({@code SIGNATURE_MISSING}), which loses
 * nothing (they change no availability); only {@link Builder#acceptUnsignedDeliveries()} accepts them. Team members
 * listed without ids make the hosts unknown (the invalidator then takes every host of the event type). With a
 * custom payload hook, a body shaped like the envelope that is not a valid event (a template with placeholders)
 * goes to the hook instead of a 400.
 *
 * <p>Cal.com may deliver the same event more than once; each delivery is handled on its own, and the invalidation a
 * booking change causes is idempotent, so duplicates are harmless to the cache. Cal.com signs no timestamp, so a
 * captured signed delivery verifies forever: for hooks that must not act twice, turn on the optional replay guard
 * ({@link Builder#replayGuard}: a delivery seen within the window, by trigger, booking uid and {@code createdAt}, is
 * answered 200 as a {@link WebhookResult.Duplicate} and reaches no hook) and a maximum age
 * ({@link Builder#maxDeliveryAge}: an older {@code createdAt} is refused as {@link RejectionReason#TOO_OLD}), both on
 * {@link Builder#clock}. Thread-safe; build one and share it.
 */
public final class CalcomWebhooks {
  /** The signature header's name. */
  public static final String SIGNATURE_HEADER = SignatureVerifier.HEADER;
  /** The default maximum body size: 1 MiB (Cal.com's booking payloads are a few KiB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** The trigger name reported to listeners for a custom payload (its real trigger is unknown). */
  public static final String CUSTOM_PAYLOAD_TRIGGER = "CUSTOM_PAYLOAD";

  private static final Logger log = LoggerFactory.getLogger(CalcomWebhooks.class);

  private final SignatureVerifier verifier;
  private final int maxBodyBytes;
  private final Function<? super BookingChange, ? extends CompletionStage<?>> bookingChanges;
  private final Consumer<? super CustomPayload> customPayloads;
  private final CalcomEventListener listener;
  private final ReplayGuard replayGuard;
  private final Duration maxDeliveryAge;
  private final Clock clock;

  private CalcomWebhooks(Builder b, List<String> secrets) {
    this.clock = b.clock;
    this.replayGuard = b.replayWindow == null ? null : new ReplayGuard(b.replayWindow, b.clock);
    this.maxDeliveryAge = b.maxDeliveryAge;
    this.verifier = new SignatureVerifier(secrets);
    this.maxBodyBytes = b.maxBodyBytes;
    this.bookingChanges = b.bookingChanges;
    this.customPayloads = b.customPayloads;
    this.listener = new ListenerFanout(b.listeners);
  }

  /**
   * Starts configuring a receiver.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one delivery: checks it, parses it, reports it to the listeners, gives a booking change to the
   * {@link Builder#onBookingChange booking change sink} and a custom payload to its hook. Does not wait for the
   * stage the sink returns (its failure is logged); use {@link #handleAsync(byte[], Map)} to wait for it.
   *
   * @param body the request body exactly as received (never re-serialised JSON)
   * @param headers the request headers; names are matched case-insensitively
   * @return accepted, a duplicate (with the replay guard on), or rejected with the reason and the status to answer;
   *     bad input never throws
   * @throws RuntimeException only what a hook threw
   */
  public WebhookResult handle(byte[] body, Map<String, ? extends Collection<String>> headers) {
    return process(body, multiValued(headers)).result;
  }

  /**
   * Like {@link #handle(byte[], Map)}, with a header getter such as a servlet's {@code request::getHeader}
   * (called with the canonical header names; it should match names case-insensitively, as servlets do).
   *
   * @param body the body
   * @param header the header
   * @return like {@link #handle(byte[], Map)}, with a header getter such as a servlet's {@code request::getHeader}
   *     (called with the canonical header names; it should match names case-insensitively, as servlets do)
   */
  public WebhookResult handle(byte[] body, Function<String, String> header) {
    return process(body, singleValued(header)).result;
  }

  /**
   * Like {@link #handle(byte[], Map)}, but completes only once the stage returned by the booking change sink has
   * completed (for example after the invalidation reached the shared cache), and fails when it failed or a hook
   * threw, so that a receiver can answer 500.
   *
   * @param body the body
   * @param headers the headers
   * @return like {@link #handle(byte[], Map)}, but completes only once the stage returned by the booking change sink
   *     has completed (for example after the invalidation reached the shared cache), and fails when it failed or a hook
   *     threw, so that a receiver can answer 500
   */
  public CompletableFuture<WebhookResult> handleAsync(
      byte[] body, Map<String, ? extends Collection<String>> headers) {
    return processAsync(body, multiValued(headers));
  }

  /**
   * Like {@link #handleAsync(byte[], Map)}, with a header getter.
   *
   * @param body the body
   * @param header the header
   * @return like {@link #handleAsync(byte[], Map)}, with a header getter
   */
  public CompletableFuture<WebhookResult> handleAsync(byte[] body, Function<String, String> header) {
    return processAsync(body, singleValued(header));
  }

  /**
   * Verifies only the signature of {@code body}.
   *
   * @param body the raw body
   * @param signatureHeader the {@code X-Cal-Signature-256} value, or {@code null} when absent
   * @throws WebhookException with {@link RejectionReason#SIGNATURE_MISSING}, {@link RejectionReason#SIGNATURE_INVALID}
   *     or {@link RejectionReason#NO_SECRET_PROVIDED} when it is not authentic
   */
  public void verify(byte[] body, String signatureHeader) {
    Objects.requireNonNull(body, "body");
    verifier.verify(body, signatureHeader == null ? List.of() : List.of(signatureHeader));
  }

  /**
   * Parses a body in Cal.com's default shape without checking its signature (verify first). Reports nothing to
   * listeners and calls no hook.
   *
   * @param body the body
   * @return the webhook event
   * @throws WebhookException with {@link RejectionReason#BODY_TOO_LARGE} or {@link RejectionReason#MALFORMED_BODY}
   *     (naming the field)
   */
  public WebhookEvent parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    checkSize(body);
    return WebhookParser.toEvent(WebhookParser.readTree(body));
  }

  @Override
  public String toString() {
    return "CalcomWebhooks{secrets="
        + verifier.secretCount()
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", bookingChangeSink="
        + (bookingChanges != null)
        + ", customPayloadHook="
        + (customPayloads != null)
        + "}";
  }

  // ---- processing -------------------------------------------------------------------------------------------

  private record Handled(WebhookResult result, CompletionStage<?> sinkStage) {}

  private CompletableFuture<WebhookResult> processAsync(byte[] body, Function<String, List<String>> headers) {
    Handled handled;
    try {
      handled = process(body, headers);
    } catch (RuntimeException hookFailure) {
      return CompletableFuture.failedFuture(hookFailure);
    }
    if (handled.sinkStage == null) {
      return CompletableFuture.completedFuture(handled.result);
    }
    return handled.sinkStage.toCompletableFuture().thenApply(ignored -> handled.result);
  }

  private Handled process(byte[] body, Function<String, List<String>> headers) {
    Checked checked;
    try {
      checked = check(body, headers);
    } catch (WebhookException e) {
      log.debug("Cal.com webhook rejected: {}", e.getMessage());
      listener.webhookRejected(e.reason().name());
      return new Handled(new WebhookResult.Rejected(e.reason(), e.detail()), null);
    }
    if (checked.custom != null) {
      listener.webhookVerified(CUSTOM_PAYLOAD_TRIGGER);
      customPayloads.accept(checked.custom);
      return new Handled(new WebhookResult.CustomPayloadAccepted(checked.custom), null);
    }
    WebhookEvent event = checked.event;
    if (maxDeliveryAge != null) {
      Instant now = clock.instant();
      Duration age = Duration.between(event.createdAt(), now);
      if (age.abs().compareTo(maxDeliveryAge) > 0) {
        WebhookException tooOld =
            new WebhookException(
                RejectionReason.TOO_OLD,
                "createdAt " + event.createdAt() + " is further than " + maxDeliveryAge + " from now (" + now + ")");
        log.debug("Cal.com webhook rejected: {}", tooOld.getMessage());
        listener.webhookRejected(tooOld.reason().name());
        return new Handled(new WebhookResult.Rejected(tooOld.reason(), tooOld.detail()), null);
      }
    }
    String identity = null;
    if (replayGuard != null) {
      identity =
          ReplayGuard.identity(
              event.trigger().name(),
              event.booking().map(BookingPayload::uid).orElse(null),
              event.createdAt(),
              body);
      if (!replayGuard.firstSighting(identity)) {
        log.debug("Cal.com webhook {} already handled within {}: answered, not acted on", event.trigger(),
            replayGuard.window());
        return new Handled(new WebhookResult.Duplicate(event), null);
      }
    }
    try {
      return act(event, identity);
    } catch (RuntimeException hookFailure) {
      if (identity != null) {
        replayGuard.forget(identity);
      }
      throw hookFailure;
    }
  }

  private Handled act(WebhookEvent event, String identity) {
    listener.webhookVerified(event.trigger().name());
    List<BookingChange> changes = event.bookingChanges();
    CompletionStage<?> stage = null;
    if (!changes.isEmpty() && bookingChanges != null) {
      // Every occurrence of a recurring series, or the out-of-office range: one stage for all.
      CompletableFuture<?>[] stages = new CompletableFuture<?>[changes.size()];
      for (int i = 0; i < stages.length; i++) {
        stages[i] =
            Objects.requireNonNull(bookingChanges.apply(changes.get(i)), "the booking change sink returned null")
                .toCompletableFuture();
      }
      stage = CompletableFuture.allOf(stages);
      stage.whenComplete(
          (ignored, failure) -> {
            if (failure != null) {
              if (identity != null) {
                replayGuard.forget(identity); // a redelivery may try again
              }
              log.warn(
                  "handling the booking change of a {} webhook failed; the cache relies on TTLs until the next"
                      + " invalidation",
                  event.trigger(),
                  failure);
            }
          });
    }
    return new Handled(new WebhookResult.Accepted(event), stage);
  }

  private record Checked(WebhookEvent event, CustomPayload custom) {}

  private Checked check(byte[] body, Function<String, List<String>> headers) {
    if (body == null) {
      throw new WebhookException(RejectionReason.MALFORMED_BODY, "no body");
    }
    checkSize(body);
    String contentType = first(headers.apply("Content-Type"));
    boolean form = checkContentType(contentType);
    verifier.verify(body, headers.apply(SIGNATURE_HEADER));
    if (form) {
      return new Checked(null, new CustomPayload(body, contentType));
    }
    JsonNode tree;
    try {
      tree = WebhookParser.readTree(body);
    } catch (WebhookException notJson) {
      if (customPayloads != null) {
        return new Checked(null, new CustomPayload(body, contentType));
      }
      throw notJson;
    }
    if (!WebhookParser.isEnvelope(tree)) {
      if (customPayloads != null) {
        return new Checked(null, new CustomPayload(body, contentType));
      }
      throw new WebhookException(
          RejectionReason.MALFORMED_BODY,
          "not Cal.com's webhook envelope (triggerEvent and payload); for a webhook with a custom payload template"
              + " configure onCustomPayload(...)");
    }
    try {
      return new Checked(WebhookParser.toEvent(tree), null);
    } catch (WebhookException notAnEvent) {
      if (customPayloads != null) {
        // A custom template shaped like the envelope (placeholders where times or ids belong) is the hook's.
        return new Checked(null, new CustomPayload(body, contentType));
      }
      throw notAnEvent;
    }
  }

  private void checkSize(byte[] body) {
    if (body.length > maxBodyBytes) {
      throw new WebhookException(
          RejectionReason.BODY_TOO_LARGE,
          "body has " + body.length + " bytes, more than the maximum of " + maxBodyBytes);
    }
  }

  /** Returns whether the body is a form (a custom template that is not JSON); throws when unsupported. */
  private boolean checkContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.isEmpty() || media.equals("application/json") || media.endsWith("+json")) {
      return false;
    }
    if (media.equals("application/x-www-form-urlencoded") && customPayloads != null) {
      return true;
    }
    throw new WebhookException(
        RejectionReason.UNSUPPORTED_CONTENT_TYPE,
        "Content-Type "
            + (media.length() > 100 ? media.substring(0, 100) + "..." : media)
            + " is not application/json"
            + (customPayloads == null ? "" : " or application/x-www-form-urlencoded"));
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Function<String, List<String>> multiValued(Map<String, ? extends Collection<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null) {
            List<String> all = byName.computeIfAbsent(name, n -> new ArrayList<>());
            values.stream().filter(Objects::nonNull).forEach(all::add);
          }
        });
    return name -> byName.getOrDefault(name, List.of());
  }

  private static Function<String, List<String>> singleValued(Function<String, String> header) {
    Objects.requireNonNull(header, "header");
    return name -> {
      String value = header.apply(name);
      return value == null ? List.of() : List.of(value);
    };
  }

  /**
   * Configures {@link CalcomWebhooks}; checked at {@link #build()}. Not thread-safe; the receiver it builds is.
   */
  public static final class Builder {
    private final List<String> secrets = new ArrayList<>();
    private boolean acceptUnsigned;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Function<? super BookingChange, ? extends CompletionStage<?>> bookingChanges;
    private Consumer<? super CustomPayload> customPayloads;
    private final List<CalcomEventListener> listeners = new ArrayList<>();
    private Duration replayWindow;
    private Duration maxDeliveryAge;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Turns on the replay guard: every accepted delivery is remembered for {@code window} by its identity (trigger,
     * booking uid, {@code createdAt}; a digest of the body when it names no booking), and a delivery seen again within
     * it is answered 200 as {@link WebhookResult.Duplicate} without calling any hook, so nothing acts twice. If the
     * booking change sink's stage fails, the delivery is forgotten so that Cal.com's redelivery acts. Memory is
     * bounded (at most 100,000 deliveries). Off by default. With {@link #maxDeliveryAge} as well, a window at least as
     * long as the age leaves no gap a replay could use.
     *
     * @param window how long a delivery is remembered, positive
     * @return this builder
     */
    public Builder replayGuard(Duration window) {
      this.replayWindow = window;
      return this;
    }

    /**
     * Refuses deliveries whose {@code createdAt} is further than {@code maxAge} from now, in the past or the future
     * ({@link RejectionReason#TOO_OLD}, 400): a delivery captured long ago and replayed. Off by default.
     *
     * @param maxAge positive; leave room for Cal.com's delivery delays and clock differences (minutes, not seconds)
     * @return this builder
     */
    public Builder maxDeliveryAge(Duration maxAge) {
      this.maxDeliveryAge = maxAge;
      return this;
    }

    /**
     * The clock the replay guard and the maximum age read (default {@link Clock#systemUTC()};
     * {@code CalcomClient.webhookReceiver()} sets the client's).
     *
     * @param clock the time source
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The webhook's secret (replaces any set before).
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder secret(String secret) {
      secrets.clear();
      secrets.add(secret);
      return this;
    }

    /**
     * Several secrets at once, for rotation: a delivery is authentic when it verifies under any of them. Set the
     * new secret here next to the old one, change it on the webhook, then remove the old one. Replaces any set
     * before.
     *
     * @param secrets the secrets
     * @return this builder
     */
    public Builder secrets(Collection<String> secrets) {
      Objects.requireNonNull(secrets, "secrets");
      this.secrets.clear();
      this.secrets.addAll(secrets);
      return this;
    }

    /**
     * Like {@link #secrets(Collection)}.
     *
     * @param secrets the secrets
     * @return this builder
     */
    public Builder secrets(String... secrets) {
      return secrets(java.util.Arrays.asList(Objects.requireNonNull(secrets, "secrets")));
    }

    /**
     * Accepts deliveries without checking any signature, for a webhook created without a secret (Cal.com then sends
     * {@code no-secret-provided}). Anyone who can reach the endpoint can then forge deliveries and flush caches;
     * prefer a secret. May not be combined with secrets.
     *
     * @return this builder
     */
    public Builder acceptUnsignedDeliveries() {
      this.acceptUnsigned = true;
      return this;
    }

    /**
     * The largest body accepted, in bytes (default 1 MiB); larger ones are refused with 413 before anything else.
     *
     * @param maxBodyBytes the max body bytes
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Where booking changes go: called for every accepted delivery whose trigger changes availability (created,
     * requested, payment initiated, paid, cancelled, rejected, rescheduled), on the thread that calls
     * {@code handle}. Typically the client's invalidator: {@code client.invalidator()::apply}.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder onBookingChange(Function<? super BookingChange, ? extends CompletionStage<?>> sink) {
      this.bookingChanges = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Accepts deliveries rendered from a custom {@code payloadTemplate}: a verified body that is not Cal.com's
     * default envelope (any JSON, or a form body) is handed to {@code hook} untouched instead of being refused as
     * malformed. Such deliveries carry no typed event and cause no invalidation.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder onCustomPayload(Consumer<? super CustomPayload> hook) {
      this.customPayloads = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Reports verified and rejected deliveries to {@code listener} (for example a metrics binder).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(CalcomEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the receiver, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the calcom webhooks
     */
    public CalcomWebhooks build() {
      if (maxBodyBytes <= 0) {
        throw new IllegalStateException("maxBodyBytes must be positive, got: " + maxBodyBytes);
      }
      if (replayWindow != null && (replayWindow.isNegative() || replayWindow.isZero())) {
        throw new IllegalStateException("replayGuard window must be positive, got: " + replayWindow);
      }
      if (maxDeliveryAge != null && (maxDeliveryAge.isNegative() || maxDeliveryAge.isZero())) {
        throw new IllegalStateException("maxDeliveryAge must be positive, got: " + maxDeliveryAge);
      }
      if (replayWindow != null && maxDeliveryAge != null && replayWindow.compareTo(maxDeliveryAge) < 0) {
        throw new IllegalStateException(
            "replayGuard window (" + replayWindow + ") must be at least maxDeliveryAge (" + maxDeliveryAge
                + "): a replay older than the window but younger than the age would be accepted");
      }
      if (acceptUnsigned && !secrets.isEmpty()) {
        throw new IllegalStateException(
            "set either secret(s)(...) or acceptUnsignedDeliveries(), not both: with a secret, unsigned deliveries"
                + " are refused");
      }
      if (!acceptUnsigned && secrets.isEmpty()) {
        throw new IllegalStateException(
            "no webhook secret: call secret(...) with the webhook's secret (for example from"
                + " CALCOM_WEBHOOK_SECRET), or acceptUnsignedDeliveries() for a webhook created without one");
      }
      LinkedHashSet<String> distinct = new LinkedHashSet<>();
      for (int i = 0; i < secrets.size(); i++) {
        String s = secrets.get(i);
        if (s == null || s.isBlank()) {
          throw new IllegalStateException("secret #" + (i + 1) + " must not be null or blank");
        }
        distinct.add(s);
      }
      return new CalcomWebhooks(this, List.copyOf(distinct));
    }

    @Override
    public String toString() {
      return "CalcomWebhooks.Builder{secrets=" + secrets.size() + ", maxBodyBytes=" + maxBodyBytes + "}";
    }
  }
}
