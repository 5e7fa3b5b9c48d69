package dev.calcomclient.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.BadRequestException;
import dev.calcomclient.CalcomApiException;
import dev.calcomclient.ConflictException;
import dev.calcomclient.ForbiddenException;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.RedirectRefusedException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.UnauthorizedException;
import dev.calcomclient.pipeline.CalcomResponse;

/**
 * Turns a non-2xx response and Cal.com's error envelope into the typed exception for its status. Every text taken
 * from the answer (code, message, details, request id, redirect location) goes through a {@link Redactor}: a server
 * or proxy that echoes the credential does not put it into a message.
 */
final class ErrorDecoder {
  private ErrorDecoder() {}

  /** The exception for {@code response}, which must not be successful, with only key-shaped text redacted. */
  public static CalcomApiException toException(CalcomResponse response) {
    return toException(response, Redactor.keyShapesOnly());
  }

  /** The exception for {@code response}, which must not be successful; {@code redactor} cleans every text. */
  public static CalcomApiException toException(CalcomResponse response, Redactor redactor) {
    return toException(response, redactor, RateLimitHeaders.defaults());
  }

  /**
   * The exception for {@code response}, which must not be successful; {@code redactor} cleans every text and a 429's
   * wait is read (and bounded) by {@code rateLimitHeaders}.
   */
  public static CalcomApiException toException(
      CalcomResponse response, Redactor redactor, RateLimitHeaders rateLimitHeaders) {
    int status = response.status();
    String rid = redactor.redact(response.requestId());
    if (status >= 300 && status < 400) {
      return new RedirectRefusedException(status, redactor.redact(response.header("Location")), rid);
    }
    String code = null;
    String message = null;
    String details = null;
    try {
      JsonNode root = Json.mapper().readTree(response.bodyBytes());
      JsonNode error = root == null ? null : root.get("error");
      if (error != null && error.isObject()) {
        code = text(error.get("code"));
        message = text(error.get("message"));
        JsonNode d = error.get("details");
        if (d != null && !d.isNull()) {
          details = d.isTextual() ? d.asText() : d.toString();
        }
      } else if (root != null && root.isObject()) {
        message = text(root.get("message"));
      }
    } catch (java.io.IOException | RuntimeException notJson) {
      // Not an error envelope (a proxy's HTML page, an empty body): keep the status alone.
    }
    code = redactor.redact(code);
    message = redactor.redact(message);
    details = redactor.redact(details);
    if (message == null) {
      message = "HTTP " + status;
    }
    switch (status) {
      case 400:
      case 422:
        if (SlotUnavailableException.isTimeUnavailable(status, message)) {
          return new SlotUnavailableException(status, code, message, rid, details);
        }
        return new BadRequestException(status, code, message, rid, details);
      case 401:
        return new UnauthorizedException(status, code, message, rid, details);
      case 403:
        return new ForbiddenException(status, code, message, rid, details);
      case 404:
        return new NotFoundException(status, code, message, rid, details);
      case 409:
        return new ConflictException(status, code, message, rid, details);
      case 429:
        return new RateLimitedException(
            status, code, message, rid, details, rateLimitHeaders.retryAfter(response));
      default:
        if (status >= 500) {
          return new ServerErrorException(status, code, message, rid, details);
        }
        return new CalcomApiException(status, code, message, rid, details);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
