package dev.calcomclient.testkit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cal.com's webhook signature: {@code X-Cal-Signature-256} = lowercase hex HMAC-SHA256 of the exact raw body, keyed
 * with the webhook secret (UTF-8); no prefix, no timestamp. Without a secret the header is the literal
 * {@code no-secret-provided}. Usable by tests as an independent oracle for a receiver's own verification.
 */
public final class WebhookSignature {
  /** The signature header's name. */
  public static final String HEADER = "X-Cal-Signature-256";
  /** The header value Cal.com sends when the webhook has no secret. */
  public static final String NO_SECRET = "no-secret-provided";
  /** The webhook payload version header's name. */
  public static final String VERSION_HEADER = "X-Cal-Webhook-Version";
  /** The payload version the fake emits (the default one). */
  public static final String VERSION = "2021-10-20";

  private WebhookSignature() {}

  /**
   * The header value for {@code body} signed with {@code secret} ({@code null} or empty: {@code no-secret-provided}).
   *
   * @param secret the secret
   * @param body the body
   * @return the header value for {@code body} signed with {@code secret} ({@code null} or empty: {@code
   *     no-secret-provided})
   */
  public static String sign(String secret, byte[] body) {
    if (secret == null || secret.isEmpty()) {
      return NO_SECRET;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /**
   * Whether {@code header} is the valid signature of {@code body} under {@code secret}: constant-time, tolerant of an
   * optional {@code sha256=} prefix and of upper-case hex.
   *
   * @param secret the secret
   * @param body the body
   * @param header the header
   * @return whether {@code header} is the valid signature of {@code body} under {@code secret}: constant-time, tolerant
   *     of an optional {@code sha256=} prefix and of upper-case hex
   */
  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null || secret == null || secret.isEmpty()) {
      return false;
    }
    String value = header.trim();
    if (value.startsWith("sha256=")) {
      value = value.substring(7);
    }
    byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = value.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }
}
