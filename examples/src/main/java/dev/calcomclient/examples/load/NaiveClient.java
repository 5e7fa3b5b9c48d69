package dev.calcomclient.examples.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The PHP gateway's way of calling Cal.com: one plain HTTP request per lookup or booking, no cache, no rate
 * limiter, no coalescing, no retry. Same timeouts as calcom-client (see {@link SimTimeouts}).
 */
final class NaiveClient implements LoadClient {
  static final String OP_HEADER = "X-Load-Op";
  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl base;
  private final String apiKey;
  private final OkHttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String markerHeader;

  NaiveClient(String baseUrl, String apiKey, OkHttpClient http) {
    this(baseUrl, apiKey, http, null);
  }

  /**
   * @param markerHeader a header sent with every request (value {@code 1}) so that the analysis can tell these
   *     requests apart, or null
   */
  NaiveClient(String baseUrl, String apiKey, OkHttpClient http, String markerHeader) {
    this.base = HttpUrl.get(baseUrl);
    this.apiKey = apiKey;
    this.http = http;
    this.markerHeader = markerHeader;
  }

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone)
      throws IOException, HttpFailure {
    HttpUrl url = base.newBuilder().addPathSegments("v2/slots")
        .addQueryParameter("eventTypeId", Long.toString(eventTypeId))
        .addQueryParameter("start", start.toString())
        .addQueryParameter("end", end.toString())
        .addQueryParameter("timeZone", zone.getId())
        .build();
    Request request = new Request.Builder().url(url).get()
        .header("Authorization", "Bearer " + apiKey)
        .header("cal-api-version", "2024-09-04")
        .header(OP_HEADER, opId)
        .build();
    JsonNode data = send(request);
    List<Instant> starts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> days = data.fields(); days.hasNext(); ) {
      for (JsonNode slot : days.next().getValue()) {
        starts.add(OffsetDateTime.parse(slot.path("start").asText()).toInstant());
      }
    }
    return starts;
  }

  @Override
  public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
      ZoneId zone) throws IOException, HttpFailure {
    ObjectNode body = mapper.createObjectNode();
    body.put("start", start.toString());
    body.put("eventTypeId", eventTypeId);
    ObjectNode attendee = body.putObject("attendee");
    attendee.put("name", attendeeName);
    attendee.put("email", attendeeEmail);
    attendee.put("timeZone", zone.getId());
    Request request = new Request.Builder().url(base.newBuilder().addPathSegments("v2/bookings").build())
        .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON))
        .header("Authorization", "Bearer " + apiKey)
        .header("cal-api-version", "2024-08-13")
        .header(OP_HEADER, opId)
        .build();
    JsonNode data = send(request);
    return data.path("uid").asText();
  }

  private JsonNode send(Request request) throws IOException, HttpFailure {
    if (markerHeader != null) {
      request = request.newBuilder().header(markerHeader, "1").build();
    }
    try (Response response = http.newCall(request).execute()) {
      byte[] bytes = response.body().bytes();
      if (!response.isSuccessful()) {
        throw new HttpFailure(response.code());
      }
      return mapper.readTree(bytes).path("data");
    }
  }

  @Override
  public void close() {
    // the OkHttp client is owned by the scenario runner
  }

  /** A non-2xx answer. */
  static final class HttpFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpFailure(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }
}
