package dev.calcomclient.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calcomclient.webhook.CalcomWebhooks;
import dev.calcomclient.webhook.WebhookResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * A Cal.com webhook endpoint on the JDK's {@link HttpServer}: {@code POST /calcom/webhook} hands the raw body and the
 * headers to {@link CalcomWebhooks#handleAsync}, waits until the booking change it carries has been applied to the
 * cache, and answers {@link WebhookResult#httpStatus()} (200, or 401 for a bad signature, 400, 413, 415), or 500 when
 * applying it failed so that Cal.com delivers it again. Every delivery is printed on one line (never the secret).
 */
final class WebhookEndpoint implements AutoCloseable {
  /** The path Cal.com posts to. */
  static final String PATH = "/calcom/webhook";

  private final HttpServer server;
  private final CalcomWebhooks webhooks;
  private final boolean invalidates;
  private final PrintStream log;

  private WebhookEndpoint(HttpServer server, CalcomWebhooks webhooks, boolean invalidates, PrintStream log) {
    this.server = server;
    this.webhooks = webhooks;
    this.invalidates = invalidates;
    this.log = log;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port).
   *
   * @param webhooks the receiver, typically {@code client.webhookReceiver().secret(...).build()}
   * @param invalidates whether {@code webhooks} feeds a client's invalidator (only said in the log)
   * @param log where each delivery is described
   */
  static WebhookEndpoint start(
      InetSocketAddress address, CalcomWebhooks webhooks, boolean invalidates, PrintStream log) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address, e);
    }
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            server, Objects.requireNonNull(webhooks, "webhooks"), invalidates, Objects.requireNonNull(log, "log"));
    server.createContext(PATH, endpoint::exchange);
    server.start();
    return endpoint;
  }

  /** The endpoint's URL, such as {@code http://127.0.0.1:41234/calcom/webhook}. */
  String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + PATH;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        // One byte more than the receiver accepts, so that it can answer 413 without reading an endless body.
        body = in.readNBytes(CalcomWebhooks.DEFAULT_MAX_BODY_BYTES + 1);
      }
      int status;
      try {
        WebhookResult result = webhooks.handleAsync(body, exchange.getRequestHeaders()).join();
        status = result.httpStatus();
        log.println("    receiver: answered " + status + ", " + describe(result));
      } catch (RuntimeException e) {
        status = 500;
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.println("    receiver: answered 500, applying the delivery failed: " + cause);
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  private String describe(WebhookResult result) {
    if (result instanceof WebhookResult.Accepted accepted) {
      StringBuilder sb = new StringBuilder("verified ").append(accepted.event().trigger().name());
      accepted
          .event()
          .booking()
          .ifPresent(b -> sb.append(" of booking ").append(b.uid()).append(" (").append(b.startTime()).append(')'));
      if (accepted.event().bookingChange().isPresent()) {
        sb.append(invalidates ? "; its slots invalidated" : "; no client here, nothing to invalidate");
      }
      return sb.toString();
    }
    if (result instanceof WebhookResult.Rejected rejected) {
      return "rejected " + rejected.reason() + ", nothing invalidated\n              (" + rejected.detail() + ")";
    }
    return "verified a custom payload";
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
