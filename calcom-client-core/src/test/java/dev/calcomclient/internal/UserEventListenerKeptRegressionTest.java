package dev.calcomclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.support.MockCalcom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Regression: the transport installed its own OkHttp event-listener factory (to know whether a request was sent)
 * in place of the one of the {@link OkHttpClient} the caller passed to the builder, whose listeners then went
 * silent. They must keep receiving every event.
 */
class UserEventListenerKeptRegressionTest {

  @Test
  void aCallersEventListenerStillSeesEveryCallOfTheClient() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    OkHttpClient own =
        new OkHttpClient.Builder()
            .eventListenerFactory(
                call ->
                    new EventListener() {
                      @Override
                      public void callStart(Call c) {
                        events.add("callStart " + c.request().url().encodedPath());
                      }

                      @Override
                      public void requestHeadersStart(Call c) {
                        events.add("requestHeadersStart");
                      }

                      @Override
                      public void callEnd(Call c) {
                        events.add("callEnd");
                      }
                    })
            .build();
    try (MockWebServer server = MockCalcom.start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(MockCalcom.API_KEY)
                .baseUrl(server.url("/").toString())
                .okHttpClient(own)
                .build()) {
      server.enqueue(MockCalcom.success("{\"id\":1,\"email\":\"a@example.com\",\"username\":\"a\"}"));

      client.me().get();

      await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("callEnd"));
      assertThat(events).containsExactly("callStart /v2/me", "requestHeadersStart", "callEnd");
    }
  }
}
