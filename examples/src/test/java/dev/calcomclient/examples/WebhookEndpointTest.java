package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example's HTTP endpoint: what it answers for genuine, forged, oversized and unappliable deliveries. */
@Timeout(30)
class WebhookEndpointTest {
  private static final String SECRET = "whsec_endpoint-test";
  private static final byte[] BODY =
      ("{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2050-09-01T10:00:00.000Z\",\"payload\":{"
              + "\"uid\":\"bk-1\",\"eventTypeId\":101,\"startTime\":\"2050-09-05T08:00:00.000Z\","
              + "\"endTime\":\"2050-09-05T08:30:00.000Z\",\"organizer\":{\"id\":1,\"email\":\"alice@example.com\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<BookingChange> applied = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private WebhookEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void aGenuineDeliveryIsAppliedBeforeTheEndpointAnswers200() throws Exception {
    start(change -> {
      applied.add(change);
      return CompletableFuture.completedFuture(null);
    });

    int status = post(BODY, WebhookSignature.sign(SECRET, BODY));

    assertThat(status).isEqualTo(200);
    assertThat(applied).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(BookingChange.Kind.CREATED);
      assertThat(c.start()).isEqualTo(Instant.parse("2050-09-05T08:00:00Z"));
    });
    assertThat(log()).contains("answered 200, verified BOOKING_CREATED of booking bk-1");
  }

  @Test
  void aForgedOrUnsignedDeliveryIsAnswered401AndAppliesNothing() throws Exception {
    start(change -> {
      applied.add(change);
      return CompletableFuture.completedFuture(null);
    });

    assertThat(post(BODY, WebhookSignature.sign("whsec_someone-else", BODY))).isEqualTo(401);
    assertThat(post(BODY, null)).isEqualTo(401);

    assertThat(applied).isEmpty();
    assertThat(log()).contains("SIGNATURE_INVALID", "SIGNATURE_MISSING").doesNotContain(SECRET);
  }

  @Test
  void aDeliveryWhoseChangeCannotBeAppliedIsAnswered500SoThatCalcomRetries() throws Exception {
    start(change -> CompletableFuture.failedFuture(new IllegalStateException("shared cache unreachable")));

    assertThat(post(BODY, WebhookSignature.sign(SECRET, BODY))).isEqualTo(500);
    assertThat(log()).contains("answered 500", "shared cache unreachable");
  }

  @Test
  void anOversizedBodyIsRefusedWith413AndOtherMethodsWith405() throws Exception {
    start(change -> CompletableFuture.completedFuture(null));
    byte[] huge = new byte[CalcomWebhooks.DEFAULT_MAX_BODY_BYTES + 10];

    assertThat(post(huge, WebhookSignature.sign(SECRET, huge))).isEqualTo(413);
    HttpResponse<Void> get =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint.url())).GET().build(), HttpResponse.BodyHandlers.discarding());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }

  private void start(Function<BookingChange, CompletionStage<?>> sink) {
    CalcomWebhooks webhooks = CalcomWebhooks.builder().secret(SECRET).onBookingChange(sink).build();
    endpoint =
        WebhookEndpoint.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            webhooks,
            true,
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private int post(byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.url()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(WebhookSignature.HEADER, signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }
}
