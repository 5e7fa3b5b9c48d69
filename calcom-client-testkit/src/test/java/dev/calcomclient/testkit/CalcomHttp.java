package dev.calcomclient.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A thin OkHttp wrapper for talking to {@link FakeCalcom} in tests. */
final class CalcomHttp {
  static final String SLOTS = "2024-09-04";
  static final String BOOKINGS = "2024-08-13";
  static final String EVENT_TYPES = "2024-06-14";
  static final String SCHEDULES = "2024-06-11";

  private static final OkHttpClient CLIENT = new OkHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MediaType JSON = MediaType.get("application/json");

  private final FakeCalcom fake;
  private final List<String> defaultHeaders = new ArrayList<>();

  private CalcomHttp(FakeCalcom fake) {
    this.fake = fake;
  }

  /** Anonymous calls. */
  static CalcomHttp anonymous(FakeCalcom fake) {
    return new CalcomHttp(fake);
  }

  /** Calls with {@code Authorization: Bearer <fake.apiKey()>}. */
  static CalcomHttp withApiKey(FakeCalcom fake) {
    CalcomHttp http = new CalcomHttp(fake);
    http.defaultHeaders.add("Authorization");
    http.defaultHeaders.add("Bearer " + fake.apiKey());
    return http;
  }

  Reply get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, null, headers);
  }

  Reply post(String path, String json, String... headers) {
    return send("POST", path, json, headers);
  }

  Reply send(String method, String pathAndQuery, String json, String... headers) {
    Request.Builder request = new Request.Builder().url(fake.baseUrl() + pathAndQuery);
    for (int i = 0; i < defaultHeaders.size(); i += 2) {
      request.header(defaultHeaders.get(i), defaultHeaders.get(i + 1));
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    RequestBody body = json == null ? (method.equals("POST") || method.equals("PATCH")
        ? RequestBody.create("", JSON) : null) : RequestBody.create(json, JSON);
    request.method(method, body);
    try (Response response = CLIENT.newCall(request.build()).execute()) {
      String text = response.body().string();
      return new Reply(response.code(), response.headers(), text.isEmpty() ? null : MAPPER.readTree(text), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response: status, headers and parsed JSON. */
  record Reply(int status, Headers headers, JsonNode json, String text) {
    JsonNode data() {
      return json.get("data");
    }

    String errorCode() {
      return json.path("error").path("code").asText();
    }

    String errorMessage() {
      return json.path("error").path("message").asText();
    }

    /** The start times of the slots, flattened in order. */
    List<String> slotStarts() {
      List<String> starts = new ArrayList<>();
      data().fields().forEachRemaining(day -> day.getValue().forEach(s -> starts.add(s.get("start").asText())));
      return starts;
    }
  }

  /** A minimal valid booking body. */
  static String bookingBody(long eventTypeId, String start, String name, String email) {
    return "{\"eventTypeId\":" + eventTypeId + ",\"start\":\"" + start + "\",\"attendee\":{\"name\":\"" + name
        + "\",\"email\":\"" + email + "\",\"timeZone\":\"Europe/Berlin\"}}";
  }
}
