package dev.calcomclient.bench;

import dev.calcomclient.testkit.internal.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local MockWebServer that answers every {@code GET /v2/slots} with 16 half-hour slots on each UTC day from the
 * one its {@code start} names to the one before its {@code end} (at least the first; as Cal.com answers a span, so
 * that a fetch block of the cache gets every day it asks for), and everything else with 404: as cheap a server as possible (every request pays the same few
 * microseconds of JSON building), so that a benchmark against it measures the client. TCP_NODELAY is set on accepted
 * sockets (MockWebServer writes head and body separately; with Nagle's algorithm each keep-alive exchange would wait
 * about 40 ms for a delayed ACK).
 */
final class BenchServer implements AutoCloseable {
  static final String API_KEY = "cal_test_bench_key";
  /** The day the cached benchmarks ask for (far in the future of any clock the benchmarks use). */
  static final LocalDate DAY = LocalDate.of(2030, 1, 7);

  private final MockWebServer server = new MockWebServer();

  BenchServer() {
    MockResponse notFound = new MockResponse.Builder()
        .code(404)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"status\":\"error\",\"error\":{\"code\":\"NotFoundException\",\"message\":\"not found\"}}")
        .build();
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!request.getUrl().encodedPath().equals("/v2/slots")) {
          return notFound;
        }
        String start = request.getUrl().queryParameter("start");
        String end = request.getUrl().queryParameter("end");
        LocalDate day = start == null || start.length() < 10 ? DAY : LocalDate.parse(start.substring(0, 10));
        return new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body(slotsJson(day, days(day, end)))
            .build();
      }
    });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The number of UTC days from {@code first} that start before {@code end} (an instant), at least 1. */
  private static int days(LocalDate first, String end) {
    if (end == null) {
      return 1;
    }
    Instant until = Instant.parse(end);
    int n = 1;
    while (n < 62 && first.plusDays(n).atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(until)) {
      n++;
    }
    return n;
  }

  /** 16 half-hour slots from 09:00 UTC on each of {@code count} days from {@code first}, in range format. */
  static String slotsJson(LocalDate first, int count) {
    StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{");
    for (int d = 0; d < count; d++) {
      LocalDate day = first.plusDays(d);
      b.append(d == 0 ? "" : ",").append('"').append(day).append("\":[");
      for (int i = 0; i < 16; i++) {
        int minutes = 9 * 60 + 30 * i;
        String start = String.format("%sT%02d:%02d:00.000Z", day, minutes / 60, minutes % 60);
        String end = String.format("%sT%02d:%02d:00.000Z", day, (minutes + 30) / 60, (minutes + 30) % 60);
        b.append(i == 0 ? "" : ",").append("{\"start\":\"").append(start).append("\",\"end\":\"").append(end)
            .append("\"}");
      }
      b.append(']');
    }
    return b.append("}}").toString();
  }

  /** Drops the requests MockWebServer keeps for {@code takeRequest} (otherwise they pile up over a benchmark). */
  void drain() {
    try {
      while (server.takeRequest(0, java.util.concurrent.TimeUnit.NANOSECONDS) != null) {
        // dropped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
