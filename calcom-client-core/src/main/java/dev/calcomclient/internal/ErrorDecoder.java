package dev.calcomclient.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.BadRequestException;
import dev.calcomclient.CalcomApiException;
import dev.calcomclient.ConflictException;
import dev.calcomclient.ForbiddenException;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.UnauthorizedException;
import dev.calcomclient.pipeline.CalcomResponse;

/** Turns a non-2xx response and Cal.com's error envelope into the typed exception for its status. */
public final class ErrorDecoder {
  private ErrorDecoder() {}

  /** The exception for {@code response}, which must not be successful. */
  public static CalcomApiException toException(CalcomResponse response) {
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
    if (message == null) {
      message = "HTTP " + response.status();
    }
    int status = response.status();
    String rid = response.requestId();
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
        return new RateLimitedException(status, code, message, rid, details, RateLimitHeaders.retryAfter(response));
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
