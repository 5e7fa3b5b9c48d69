package dev.calcomclient.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Removes secrets from text built out of a server's answer (exception messages, details, log lines): every configured
 * secret, and anything shaped like a Cal.com API key ({@code cal_live_...}, {@code cal_test_...}, {@code cal_...}),
 * because a proxy or an error page may echo a key this client never held. Messages are also bounded in length, since
 * a hostile server decides how long they are.
 *
 * <p>Module boundary: used by calcom-client-redis ({@code CalcomRedis}, {@code RedisConnector}); not an API.
 */
public final class Redactor {
  /** What replaces a secret. */
  public static final String MASK = "[redacted]";
  /** The longest server-provided text kept in a message; the rest is cut with a marker. */
  public static final int MAX_TEXT = 2_000;

  // Cal.com's keys are cal_ or cal_live_ followed by 32 hex digits: 16 or more letters and digits after the prefix
  // catch a key (even cut short) without masking ordinary words such as cal_integration.
  private static final Pattern KEY_SHAPE = Pattern.compile("cal_(?:live_|test_)?[A-Za-z0-9]{16,}[A-Za-z0-9_\\-]*");
  private static final Redactor KEY_SHAPES_ONLY = new Redactor(List.of());

  private final List<String> secrets;
  private final List<byte[]> secretBytes;

  private Redactor(List<String> secrets) {
    List<String> s = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        s.add(secret);
      }
    }
    // Longest first, so a secret containing another is masked whole.
    s.sort((a, b) -> Integer.compare(b.length(), a.length()));
    this.secrets = List.copyOf(s);
    List<byte[]> bytes = new ArrayList<>();
    for (String secret : this.secrets) {
      bytes.add(secret.getBytes(StandardCharsets.UTF_8));
    }
    this.secretBytes = List.copyOf(bytes);
  }

  /** A redactor for {@code secrets} (null and empty entries are ignored) and for key-shaped text. */
  public static Redactor of(List<String> secrets) {
    return new Redactor(Objects.requireNonNull(secrets, "secrets"));
  }

  /** A redactor that knows no secret and masks only key-shaped text. */
  public static Redactor keyShapesOnly() {
    return KEY_SHAPES_ONLY;
  }

  /** {@code text} without any secret or key-shaped substring, cut to {@link #MAX_TEXT} characters; null stays null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    out = KEY_SHAPE.matcher(out).replaceAll(MASK);
    if (out.length() > MAX_TEXT) {
      out = out.substring(0, MAX_TEXT) + "...[" + (out.length() - MAX_TEXT) + " more characters]";
    }
    return out;
  }

  /**
   * {@code body} with every configured secret replaced by {@link #MASK} (the same array when none occurs). A
   * Cal.com answer never legitimately carries this client's own secret, and the mask contains no JSON
   * metacharacter, so a JSON body stays JSON.
   */
  public byte[] scrub(byte[] body) {
    byte[] out = body;
    for (byte[] secret : secretBytes) {
      out = replaceAll(out, secret, MASK.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * {@code failure} when no message in its cause chain holds a secret, else a copy of the chain whose messages are
   * redacted (each link becomes a {@link RedactedCause} naming the original class, with its stack trace).
   */
  public Throwable scrub(Throwable failure) {
    if (failure == null || !leaks(failure)) {
      return failure;
    }
    return copy(failure, 0);
  }

  private boolean leaks(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth++ < 20; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.equals(redact(m))) {
        return true;
      }
    }
    return false;
  }

  private Throwable copy(Throwable t, int depth) {
    Throwable cause = t.getCause() == null || t.getCause() == t || depth > 20 ? null : copy(t.getCause(), depth + 1);
    RedactedCause copy = new RedactedCause(t.getClass().getName() + ": " + redact(t.getMessage()), cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private static byte[] replaceAll(byte[] haystack, byte[] needle, byte[] replacement) {
    int first = indexOf(haystack, needle, 0);
    if (first < 0) {
      return haystack;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(haystack.length);
    int from = 0;
    for (int i = first; i >= 0; i = indexOf(haystack, needle, from)) {
      out.write(haystack, from, i - from);
      out.writeBytes(replacement);
      from = i + needle.length;
    }
    out.write(haystack, from, haystack.length - from);
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Redactor{secrets=" + secrets.size() + "}";
  }

  /** Stands in for a cause whose message held a secret: names the original class, keeps its stack trace. */
  public static final class RedactedCause extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedactedCause(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
