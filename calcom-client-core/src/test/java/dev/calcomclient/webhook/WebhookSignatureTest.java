package dev.calcomclient.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.invalidate.BookingChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Cal-Signature-256} checks with hand-made vectors: one hex computed here with {@link Mac}, one computed
 * once in a shell with {@code openssl dgst -sha256 -hmac} and pasted, and Wikipedia's HMAC-SHA256 example.
 */
class WebhookSignatureTest {
  private static final String SECRET = "whsec_rotation-2050";
  private static final String OTHER_SECRET = "whsec_new-secret-2051";

  /** A BOOKING_CANCELLED body whose signature under {@link #SECRET} was computed with openssl (see below). */
  private static final String OPENSSL_BODY =
      "{\"triggerEvent\":\"BOOKING_CANCELLED\",\"createdAt\":\"2050-09-02T10:15:30.000Z\",\"payload\":{"
          + "\"uid\":\"bk-openssl-1\",\"eventTypeId\":101,\"startTime\":\"2050-09-05T07:00:00Z\","
          + "\"endTime\":\"2050-09-05T07:30:00Z\",\"organizer\":{\"id\":1},\"status\":\"CANCELLED\","
          + "\"cancellationReason\":\"rain\"}}";

  /**
   * {@code printf '%s' "$OPENSSL_BODY" | openssl dgst -sha256 -hmac 'whsec_rotation-2050'} (OpenSSL 3), run once.
   */
  private static final String OPENSSL_SIGNATURE = "d6105b0fa4c6b867e23346de64bf42d84b2fb1c8b593a729b8673822f1ef397e";

  private final List<BookingChange> changes = new ArrayList<>();

  private CalcomWebhooks webhooks(String... secrets) {
    return CalcomWebhooks.builder()
        .secrets(secrets)
        .onBookingChange(
            c -> {
              changes.add(c);
              return CompletableFuture.completedFuture(null);
            })
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Map<String, List<String>> headers(String signature) {
    return Map.of("Content-Type", List.of("application/json"), "X-Cal-Signature-256", List.of(signature));
  }

  @Test
  void aSignaturePastedFromOpensslVerifiesAndTheBookingChangeReachesTheSink() {
    WebhookResult result = webhooks(SECRET).handle(bytes(OPENSSL_BODY), headers(OPENSSL_SIGNATURE));

    assertThat(result).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(BookingChange.Kind.CANCELLED);
      assertThat(c.bookingUid()).isEqualTo("bk-openssl-1");
      assertThat(c.eventTypeId()).isEqualTo(101L);
      assertThat(c.hostUserIds()).containsExactly(1L);
    });
  }

  @Test
  void wikipediasHmacSha256ExampleVerifies() {
    // HMAC_SHA256("key", "The quick brown fox jumps over the lazy dog"), also what openssl prints for it.
    byte[] body = bytes("The quick brown fox jumps over the lazy dog");
    CalcomWebhooks w = webhooks("key");

    w.verify(body, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assertThatThrownBy(() -> w.verify(body, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd9"))
        .isInstanceOfSatisfying(
            WebhookException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID));
  }

  @Test
  void aSignatureComputedWithJavaxCryptoMacOverAFixedBodyVerifies() throws Exception {
    byte[] body = bytes(OPENSSL_BODY.replace("bk-openssl-1", "bk-mac-2"));
    String hex = hmacHex(SECRET, body);

    assertThat(hex).matches("[0-9a-f]{64}");
    assertThat(webhooks(SECRET).handle(body, headers(hex)).isAccepted()).isTrue();
    assertThat(changes).singleElement().extracting(BookingChange::bookingUid).isEqualTo("bk-mac-2");
  }

  @Test
  void aTamperedBodyIsRejectedWith401AndInvalidatesNothing() {
    byte[] tampered = bytes(OPENSSL_BODY.replace("\"eventTypeId\":101", "\"eventTypeId\":102"));

    WebhookResult result = webhooks(SECRET).handle(tampered, headers(OPENSSL_SIGNATURE));

    assertThat(result)
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID));
    assertThat(result.httpStatus()).isEqualTo(401);
    assertThat(changes).isEmpty();
  }

  @Test
  void aBodyWithOneExtraTrailingByteIsRejected() {
    WebhookResult result = webhooks(SECRET).handle(bytes(OPENSSL_BODY + "\n"), headers(OPENSSL_SIGNATURE));

    assertThat(result.httpStatus()).isEqualTo(401);
    assertThat(changes).isEmpty();
  }

  @Test
  void aSignatureMadeWithAnotherSecretIsRejected() throws Exception {
    byte[] body = bytes(OPENSSL_BODY);
    WebhookResult result = webhooks(SECRET).handle(body, headers(hmacHex("not-" + SECRET, body)));

    assertThat(result)
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID));
    assertThat(changes).isEmpty();
  }

  @Test
  void aMissingOrBlankSignatureHeaderIsRejectedAsMissing() {
    CalcomWebhooks w = webhooks(SECRET);

    WebhookResult none = w.handle(bytes(OPENSSL_BODY), Map.of("Content-Type", List.of("application/json")));
    WebhookResult blank = w.handle(bytes(OPENSSL_BODY), headers("  "));
    WebhookResult viaGetter = w.handle(bytes(OPENSSL_BODY), name -> null);

    for (WebhookResult r : List.of(none, blank, viaGetter)) {
      assertThat(r)
          .isInstanceOfSatisfying(
              WebhookResult.Rejected.class,
              rej -> assertThat(rej.reason()).isEqualTo(RejectionReason.SIGNATURE_MISSING));
      assertThat(r.httpStatus()).isEqualTo(401);
    }
    assertThatThrownBy(() -> w.verify(bytes(OPENSSL_BODY), null))
        .isInstanceOfSatisfying(
            WebhookException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.SIGNATURE_MISSING));
    assertThat(changes).isEmpty();
  }

  @Test
  void prefixCaseAndSurroundingBlanksAreTolerated() {
    CalcomWebhooks w = webhooks(SECRET);
    List<String> variants =
        List.of(
            OPENSSL_SIGNATURE,
            "sha256=" + OPENSSL_SIGNATURE,
            "SHA256=" + OPENSSL_SIGNATURE,
            OPENSSL_SIGNATURE.toUpperCase(Locale.ROOT),
            "sha256=" + OPENSSL_SIGNATURE.toUpperCase(Locale.ROOT),
            "  " + OPENSSL_SIGNATURE + " \t");

    for (String v : variants) {
      assertThat(w.handle(bytes(OPENSSL_BODY), headers(v)).isAccepted()).as(v).isTrue();
    }
    assertThat(changes).hasSize(variants.size());
  }

  @Test
  void malformedSignatureValuesAreRejectedAsInvalid() {
    CalcomWebhooks w = webhooks(SECRET);
    List<String> variants =
        List.of(
            OPENSSL_SIGNATURE.substring(1), // 63 digits
            OPENSSL_SIGNATURE + "0", // 65 digits
            "sha1=" + OPENSSL_SIGNATURE,
            "sha256=sha256=" + OPENSSL_SIGNATURE,
            OPENSSL_SIGNATURE.substring(0, 63) + "g",
            OPENSSL_SIGNATURE.substring(0, 63) + "\u0661", // ARABIC-INDIC DIGIT ONE: a digit, but not hex
            "t=1,v1=" + OPENSSL_SIGNATURE);

    for (String v : variants) {
      assertThat(w.handle(bytes(OPENSSL_BODY), headers(v)))
          .as(v)
          .isInstanceOfSatisfying(
              WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID));
    }
    assertThat(changes).isEmpty();
  }

  @Test
  void twoSignatureHeadersAreRejectedEvenWhenOneIsValid() {
    Map<String, List<String>> twice =
        Map.of("X-Cal-Signature-256", List.of(OPENSSL_SIGNATURE, "0".repeat(64)));

    assertThat(webhooks(SECRET).handle(bytes(OPENSSL_BODY), twice))
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID));
  }

  @Test
  void headerNamesMatchCaseInsensitively() {
    CalcomWebhooks w = webhooks(SECRET);

    assertThat(w.handle(bytes(OPENSSL_BODY), Map.of("x-cal-signature-256", List.of(OPENSSL_SIGNATURE))).isAccepted())
        .isTrue();
    // The JDK's HttpServer normalises names like this.
    Map<String, List<String>> normalised =
        Map.of("X-cal-signature-256", List.of(OPENSSL_SIGNATURE), "Content-type", List.of("application/json"));
    assertThat(w.handle(bytes(OPENSSL_BODY), normalised).isAccepted()).isTrue();
  }

  @Test
  void withTwoSecretsDeliveriesSignedWithEitherVerifyAndAThirdDoesNot() throws Exception {
    CalcomWebhooks rotating = webhooks(SECRET, OTHER_SECRET);
    byte[] body = bytes(OPENSSL_BODY);

    assertThat(rotating.handle(body, headers(OPENSSL_SIGNATURE)).isAccepted()).as("old secret").isTrue();
    assertThat(rotating.handle(body, headers(hmacHex(OTHER_SECRET, body))).isAccepted()).as("new secret").isTrue();
    assertThat(rotating.handle(body, headers(hmacHex("whsec_third", body))).httpStatus()).isEqualTo(401);
    // After the rotation the old secret is dropped.
    assertThat(webhooks(OTHER_SECRET).handle(body, headers(OPENSSL_SIGNATURE)).httpStatus()).isEqualTo(401);
    assertThat(changes).hasSize(2);
  }

  @Test
  void noSecretProvidedIsRejectedWhenASecretIsConfigured() {
    WebhookResult result = webhooks(SECRET).handle(bytes(OPENSSL_BODY), headers("no-secret-provided"));

    assertThat(result)
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.NO_SECRET_PROVIDED));
    assertThat(result.httpStatus()).isEqualTo(401);
    assertThat(changes).isEmpty();
  }

  @Test
  void unsignedDeliveriesAreAcceptedOnlyAfterAnExplicitOptIn() {
    CalcomWebhooks unsigned =
        CalcomWebhooks.builder()
            .acceptUnsignedDeliveries()
            .onBookingChange(
                c -> {
                  changes.add(c);
                  return CompletableFuture.completedFuture(null);
                })
            .build();

    assertThat(unsigned.handle(bytes(OPENSSL_BODY), headers("no-secret-provided")).isAccepted()).isTrue();
    assertThat(changes).hasSize(1);
    assertThatThrownBy(() -> CalcomWebhooks.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret(...)");
    assertThatThrownBy(() -> CalcomWebhooks.builder().secret(SECRET).acceptUnsignedDeliveries().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void blankSecretsAndBadLimitsAreRefusedAtBuildWithoutEchoingTheSecrets() {
    assertThatThrownBy(() -> CalcomWebhooks.builder().secrets(SECRET, " ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret #2 must not be null or blank");
    assertThatThrownBy(() -> CalcomWebhooks.builder().secret(SECRET).maxBodyBytes(0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxBodyBytes");
  }

  @Test
  void secretsNeverAppearInToStringOrRejectionDetails() throws Exception {
    CalcomWebhooks w = webhooks(SECRET, OTHER_SECRET);
    CalcomWebhooks.Builder builder = CalcomWebhooks.builder().secret(SECRET);
    byte[] body = bytes(OPENSSL_BODY);
    List<String> texts = new ArrayList<>();
    texts.add(w.toString());
    texts.add(builder.toString());
    for (String sig : List.of("", "no-secret-provided", "abc", hmacHex("x", body), "sha256=" + "0".repeat(64))) {
      if (w.handle(body, headers(sig)) instanceof WebhookResult.Rejected r) {
        texts.add(r.toString());
      }
      try {
        w.verify(body, sig);
      } catch (WebhookException e) {
        texts.add(e.getMessage());
      }
    }

    assertThat(texts).hasSizeGreaterThan(6);
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(SECRET).doesNotContain(OTHER_SECRET));
    assertThat(w.toString()).contains("secrets=2");
  }
}
