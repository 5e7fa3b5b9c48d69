package dev.calcomclient.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A verified delivery rendered from a webhook's custom {@code payloadTemplate}: its body is whatever the template
 * produced (JSON of any shape, or a form body when the template is not JSON), handed over untouched.
 *
 * @param body the exact raw body (a copy is returned)
 * @param contentType the {@code Content-Type} header as received, or {@code null}
 */
public record CustomPayload(byte[] body, String contentType) {

  /**
   * Copies the body.
   *
   * @param body the body
   * @param contentType the content type
   */
  public CustomPayload {
    body = Objects.requireNonNull(body, "body").clone();
  }

  /**
   * A copy of the exact raw body.
   *
   * @return a copy of the exact raw body
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomPayload other
        && Arrays.equals(body, other.body)
        && Objects.equals(contentType, other.contentType);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(body) + Objects.hashCode(contentType);
  }

  @Override
  public String toString() {
    return "CustomPayload{" + body.length + " bytes, contentType=" + contentType + "}";
  }
}
