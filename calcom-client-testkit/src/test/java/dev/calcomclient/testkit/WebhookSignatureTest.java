package dev.calcomclient.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] FOX = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

  @Test
  void isLowercaseHexHmacSha256OfTheRawBody() {
    // RFC 4231-style reference value for HMAC-SHA256("key", FOX)
    assertThat(WebhookSignature.sign("key", FOX))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void withoutSecretTheHeaderSaysSo() {
    assertThat(WebhookSignature.sign(null, FOX)).isEqualTo("no-secret-provided");
    assertThat(WebhookSignature.sign("", FOX)).isEqualTo("no-secret-provided");
  }

  @Test
  void verifiesToleratingPrefixAndCaseButNothingElse() {
    String sig = WebhookSignature.sign("key", FOX);
    assertThat(WebhookSignature.verify("key", FOX, sig)).isTrue();
    assertThat(WebhookSignature.verify("key", FOX, "sha256=" + sig)).isTrue();
    assertThat(WebhookSignature.verify("key", FOX, sig.toUpperCase())).isTrue();
    assertThat(WebhookSignature.verify("other", FOX, sig)).isFalse();
    assertThat(WebhookSignature.verify("key", "tampered".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    assertThat(WebhookSignature.verify("key", FOX, null)).isFalse();
    assertThat(WebhookSignature.verify("key", FOX, "no-secret-provided")).isFalse();
  }
}
