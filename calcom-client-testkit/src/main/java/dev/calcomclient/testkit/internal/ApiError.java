package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Cal.com error answer: thrown by stages and handlers, rendered by {@link ErrorEnvelopeStage} into the error
 * envelope {@code {"status":"error","timestamp","path","error":{"code","message","details"}}}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient JsonNode details;

  public ApiError(int status, String code, String message, JsonNode details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** A Nest {@code HttpException} with a string message: details are {@code {message, error, statusCode}}. */
  public static ApiError nest(int status, String code, String reason, String message) {
    ObjectNode details = Json.object();
    details.put("message", message);
    details.put("error", reason);
    details.put("statusCode", status);
    return new ApiError(status, code, message, details);
  }

  public static ApiError badRequest(String message) {
    return nest(400, "BadRequestException", "Bad Request", message);
  }

  public static ApiError unauthorized(String message) {
    return nest(401, "UnauthorizedException", "Unauthorized", message);
  }

  public static ApiError forbidden(String message) {
    return nest(403, "ForbiddenException", "Forbidden", message);
  }

  public static ApiError notFound(String message) {
    return nest(404, "NotFoundException", "Not Found", message);
  }

  /** The global ValidationPipe's answer: 400 "Bad Request Exception" with {@code details.errors}. */
  public static ApiError validation(ArrayNode errors) {
    ObjectNode details = Json.object();
    details.set("errors", errors);
    return new ApiError(400, "BadRequestException", "Bad Request Exception", details);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonNode details() {
    return details;
  }
}
