package dev.calcomclient.webhook.internal;

import dev.calcomclient.webhook.RejectionReason;
import dev.calcomclient.webhook.WebhookException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Cal-Signature-256}: lowercase hex HMAC-SHA256 of the exact raw body keyed with the webhook secret
 * (UTF-8). Compares MAC bytes in constant time against every configured secret (rotation), without stopping at the
 * first match. Tolerates an optional {@code sha256=} prefix, surrounding blanks and upper-case hex.
 */
public final class SignatureVerifier {
  /** The signature header's name. */
  public static final String HEADER = "X-Cal-Signature-256";
  /** What Cal.com sends in the header when the webhook has no secret. */
  public static final String NO_SECRET = "no-secret-provided";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final String PREFIX = "sha256=";

  private final List<SecretKeySpec> keys;

  /**
   * Creates a verifier for {@code secrets}; an empty list accepts every delivery without checking (for webhooks
   * created without a secret, an explicit opt-in of the builder).
   */
  public SignatureVerifier(List<String> secrets) {
    this.keys =
        secrets.stream().map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM)).toList();
  }

  /**
   * Verifies {@code headerValues} (every value of the header, empty when absent) for {@code body}.
   *
   * @throws WebhookException with a signature reason when the delivery is not authentic
   */
  public void verify(byte[] body, List<String> headerValues) {
    if (keys.isEmpty()) {
      return;
    }
    List<String> present = headerValues.stream().filter(v -> v != null && !v.isBlank()).toList();
    if (present.isEmpty()) {
      throw new WebhookException(RejectionReason.SIGNATURE_MISSING, "no " + HEADER + " header");
    }
    if (present.size() > 1) {
      throw new WebhookException(RejectionReason.SIGNATURE_INVALID, "more than one " + HEADER + " header");
    }
    String value = present.get(0).strip();
    if (value.equalsIgnoreCase(NO_SECRET)) {
      throw new WebhookException(
          RejectionReason.NO_SECRET_PROVIDED,
          HEADER + " is '" + NO_SECRET + "': the webhook was created without a secret, but this receiver requires"
              + " one; set the secret on the webhook");
    }
    if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      value = value.substring(PREFIX.length());
    }
    byte[] given = decodeHex(value);
    if (given == null) {
      throw new WebhookException(
          RejectionReason.SIGNATURE_INVALID, HEADER + " is not a hex HMAC-SHA256 (64 hex digits)");
    }
    boolean valid = false;
    for (SecretKeySpec key : keys) {
      // No early exit: every secret costs the same whichever one matches.
      valid |= MessageDigest.isEqual(hmac(key, body), given);
    }
    if (!valid) {
      throw new WebhookException(
          RejectionReason.SIGNATURE_INVALID,
          HEADER + " does not match the body under any of the " + keys.size() + " configured secret(s)");
    }
  }

  /** The number of secrets checked (for diagnostics; never the secrets). */
  public int secretCount() {
    return keys.size();
  }

  private static byte[] decodeHex(String value) {
    if (value.length() != MAC_BYTES * 2) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return null;
      }
    }
    return HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
    }
  }
}
