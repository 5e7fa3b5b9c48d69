package dev.calcomclient.examples;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the upstream requests a step of an example made. Against the embedded {@link FakeCalcom} the count comes
 * from the fake's request journal (what really reached "Cal.com", with the endpoints); against a real account from
 * {@link CalcomClient#stats()} (attempts the client sent, retries included).
 */
final class UpstreamCalls {
  private final FakeCalcom fake;
  private final CalcomClient client;

  private UpstreamCalls(FakeCalcom fake, CalcomClient client) {
    this.fake = fake;
    this.client = client;
  }

  /** Counts from the fake's journal. */
  static UpstreamCalls fromJournal(FakeCalcom fake) {
    return new UpstreamCalls(fake, null);
  }

  /** Counts from the client's own statistics. */
  static UpstreamCalls fromStats(CalcomClient client) {
    return new UpstreamCalls(null, client);
  }

  /** A position to count from. */
  int mark() {
    return fake != null ? fake.requestCount() : (int) client.stats().upstreamRequests();
  }

  /** The number of upstream requests since {@code mark}. */
  int since(int mark) {
    return mark() - mark;
  }

  /** "0 upstream calls", or "2 upstream calls (GET /v2/slots, POST /v2/bookings)" when the endpoints are known. */
  String describeSince(int mark) {
    if (fake == null) {
      return plural(since(mark), "upstream call");
    }
    List<RecordedCall> calls = fake.journal();
    List<RecordedCall> recent = calls.subList(Math.min(mark, calls.size()), calls.size());
    if (recent.isEmpty()) {
      return "0 upstream calls";
    }
    Map<String, Integer> byEndpoint = new LinkedHashMap<>();
    for (RecordedCall c : recent) {
      byEndpoint.merge(c.method() + " " + c.path(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    byEndpoint.forEach((endpoint, n) -> parts.add(n == 1 ? endpoint : n + "x " + endpoint));
    return plural(recent.size(), "upstream call") + " (" + String.join(", ", parts) + ")";
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
