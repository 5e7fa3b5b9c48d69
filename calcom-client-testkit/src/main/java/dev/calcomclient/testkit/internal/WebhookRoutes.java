package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.WebhookSubscription;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The user webhook endpoints ({@code WebhooksController}): POST/GET {@code /v2/webhooks}, GET/PATCH/DELETE
 * {@code /v2/webhooks/{webhookId}}; version-neutral, API-key auth required. Webhook ids are strings.
 */
final class WebhookRoutes {
  static final String GROUP = "webhooks";
  /** Prisma {@code WebhookTriggerEvents} (Oct 2025) plus the 2026 additions: what the server validates against. */
  static final Set<String> TRIGGERS = Set.of("BOOKING_CREATED", "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID",
      "BOOKING_RESCHEDULED", "BOOKING_REQUESTED", "BOOKING_CANCELLED", "BOOKING_REJECTED", "BOOKING_NO_SHOW_UPDATED",
      "FORM_SUBMITTED", "MEETING_ENDED", "MEETING_STARTED", "RECORDING_READY", "INSTANT_MEETING",
      "RECORDING_TRANSCRIPTION_GENERATED", "OOO_CREATED", "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
      "AFTER_GUESTS_CAL_VIDEO_NO_SHOW", "FORM_SUBMITTED_NO_EVENT", "BOOKING_LOCATION_UPDATED", "BOOKING_REASSIGNED",
      "INSTANT_MEETING_ACCEPTED", "ROUTING_FORM_FALLBACK_HIT");

  private final WebhookDispatcher webhooks;

  public WebhookRoutes(WebhookDispatcher webhooks) {
    this.webhooks = webhooks;
  }

  public List<Route> routes() {
    return List.of(
        route("POST", "/v2/webhooks", this::create),
        route("GET", "/v2/webhooks", this::list),
        route("GET", "/v2/webhooks/{webhookId}", this::get),
        route("PATCH", "/v2/webhooks/{webhookId}", this::update),
        route("DELETE", "/v2/webhooks/{webhookId}", this::delete));
  }

  private static Route route(String method, String pattern, Route.Handler handler) {
    return new Route(method, pattern, GROUP, Route.VersionRule.ANY, Route.AuthMode.REQUIRED, handler);
  }

  /** {@code CreateWebhookInputDto} / {@code UpdateWebhookInputDto}: absent fields are {@code null}. */
  private record Input(JsonNode body, Boolean active, String url, Set<String> triggers, String secret,
      String template) {

    static Input parse(FakeExchange exchange, boolean create) {
      JsonNode body = Json.parseBody(exchange.body());
      ArrayNode errors = Json.array();
      Input in = new Input(body, bool(body, "active", create, errors), string(body, "subscriberUrl", create, errors),
          WebhookRoutes.triggers(body, create, errors), string(body, "secret", false, errors),
          string(body, "payloadTemplate", false, errors));
      if (!errors.isEmpty()) {
        throw ApiError.validation(errors);
      }
      return in;
    }
  }

  private FakeResponse create(FakeExchange exchange) {
    Input in = Input.parse(exchange, true);
    String url = in.url();
    long userId = exchange.principal().userId();
    boolean duplicate = webhooks.ownedBy(userId).stream().anyMatch(w -> w.subscriberUrl().equals(url));
    if (duplicate) {
      throw ApiError.nest(409, "ConflictException", "Conflict",
          "Webhook with this subscriber url already exists for this user");
    }
    WebhookSubscription created = webhooks.put(new WebhookSubscription(WebhookDispatcher.newId(), userId, url,
        in.triggers(), in.secret(), in.active(), in.template()), null);
    return FakeResponse.success(201, output(created));
  }

  private FakeResponse list(FakeExchange exchange) {
    int take = intParam(exchange, "take", 250, 1, 250);
    int skip = intParam(exchange, "skip", 0, 0, Integer.MAX_VALUE);
    ArrayNode data = Json.array();
    webhooks.ownedBy(exchange.principal().userId()).stream().skip(skip).limit(take)
        .forEach(w -> data.add(output(w)));
    return FakeResponse.success(200, data);
  }

  private FakeResponse get(FakeExchange exchange) {
    return FakeResponse.success(200, output(owned(exchange)));
  }

  private FakeResponse update(FakeExchange exchange) {
    WebhookSubscription current = owned(exchange);
    Input in = Input.parse(exchange, false);
    WebhookSubscription updated = webhooks.update(current.id(), w -> new WebhookSubscription(w.id(), w.userId(),
        in.url() != null ? in.url() : w.subscriberUrl(), in.triggers() != null ? in.triggers() : w.triggers(),
        in.body().has("secret") ? in.secret() : w.secret(), in.active() != null ? in.active() : w.active(),
        in.body().has("payloadTemplate") ? in.template() : w.payloadTemplate()));
    return FakeResponse.success(200, output(updated));
  }

  private FakeResponse delete(FakeExchange exchange) {
    WebhookSubscription current = owned(exchange);
    webhooks.unsubscribe(current.id());
    return FakeResponse.success(200, output(current));
  }

  /** The webhook named by the path, if the caller owns it ({@code IsUserWebhookGuard}). */
  private WebhookSubscription owned(FakeExchange exchange) {
    String id = exchange.pathParam("webhookId");
    WebhookSubscription w = webhooks.get(id);
    if (w == null) {
      throw ApiError.notFound("Webhook (" + id + ") not found");
    }
    if (w.userId() == null || w.userId() != exchange.principal().userId()) {
      throw ApiError.forbidden("Webhook (" + id + ") is not owned by user (" + exchange.principal().userId() + ")");
    }
    return w;
  }

  /** {@code UserWebhookOutputDto}: id as a string, triggers as an array, secret only when set. */
  static ObjectNode output(WebhookSubscription w) {
    ObjectNode o = Json.object();
    if (w.payloadTemplate() == null) {
      o.putNull("payloadTemplate");
    } else {
      o.put("payloadTemplate", w.payloadTemplate());
    }
    o.put("userId", w.userId());
    o.put("id", w.id());
    ArrayNode triggers = o.putArray("triggers");
    w.triggers().stream().sorted().forEach(triggers::add);
    o.put("subscriberUrl", w.subscriberUrl());
    o.put("active", w.active());
    if (w.secret() != null) {
      o.put("secret", w.secret());
    }
    return o;
  }

  private static Boolean bool(JsonNode body, String field, boolean required, ArrayNode errors) {
    return field(body, field, required, errors, JsonNode::isBoolean, "isBoolean", field + " must be a boolean value",
        JsonNode::booleanValue);
  }

  private static String string(JsonNode body, String field, boolean required, ArrayNode errors) {
    return field(body, field, required, errors, JsonNode::isTextual, "isString", field + " must be a string",
        JsonNode::textValue);
  }

  /** One optional or required property, validated as class-validator would; {@code null} when absent or invalid. */
  private static <T> T field(JsonNode body, String field, boolean required, ArrayNode errors,
      Predicate<JsonNode> valid, String constraint, String message, Function<JsonNode, T> value) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      if (required) {
        errors.add(Json.fieldError(field, null, constraint, message));
      }
      return null;
    }
    if (!valid.test(v)) {
      errors.add(Json.fieldError(field, v, constraint, message));
      return null;
    }
    return value.apply(v);
  }

  private static Set<String> triggers(JsonNode body, boolean required, ArrayNode errors) {
    JsonNode v = body.path("triggers");
    if (v.isMissingNode() || v.isNull()) {
      if (required) {
        errors.add(Json.fieldError("triggers", null, "isArray", "triggers must be an array"));
      }
      return null;
    }
    if (!v.isArray()) {
      errors.add(Json.fieldError("triggers", v, "isArray", "triggers must be an array"));
      return null;
    }
    Set<String> triggers = new LinkedHashSet<>();
    for (JsonNode t : v) {
      if (!t.isTextual() || !TRIGGERS.contains(t.textValue())) {
        errors.add(Json.fieldError("triggers", v, "isEnum",
            "each value in triggers must be one of the following values: "
                + String.join(", ", TRIGGERS.stream().sorted().toList())));
        return null;
      }
      triggers.add(t.textValue());
    }
    return triggers;
  }

  private static int intParam(FakeExchange exchange, String name, int dflt, int min, int max) {
    String raw = exchange.queryParam(name);
    if (raw == null) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      ArrayNode errors = Json.array();
      errors.add(Json.fieldError(name, Json.MAPPER.getNodeFactory().textNode(raw), "isInt",
          name + " must be an integer between " + min + " and " + max));
      throw ApiError.validation(errors);
    }
  }
}
