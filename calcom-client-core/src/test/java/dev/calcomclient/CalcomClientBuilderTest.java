package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.support.MockCalcom;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class CalcomClientBuilderTest {

  @Test
  void missingCredentialIsRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no credential")
        .hasMessageContaining("apiKey(...)");
  }

  @Test
  void blankApiKeyIsRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().apiKey("  ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey must not be blank");
  }

  @Test
  void apiKeyAndOauthTogetherAreRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().apiKey("cal_x").oauthClient("id", "secret").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void oauthWithoutSecretIsRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().oauthClient("id", " ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clientSecret must not be blank");
  }

  @Test
  void plainHttpOnANonLoopbackHostIsRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().apiKey("cal_x").baseUrl("http://api.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plain http://")
        .hasMessageContaining("api.example.com")
        .hasMessageContaining("allowInsecureHttp(true)");
  }

  @Test
  void plainHttpIsAllowedWhenExplicitlyEnabled() {
    try (CalcomClient client =
        CalcomClient.builder().apiKey("cal_x").baseUrl("http://api.example.com").allowInsecureHttp(true).build()) {
      assertThat(client.baseUrl()).isEqualTo("http://api.example.com/");
    }
  }

  @Test
  void plainHttpOnLoopbackIsAllowed() {
    for (String url : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"}) {
      assertThatCode(() -> CalcomClient.builder().apiKey("cal_x").baseUrl(url).build().close())
          .as(url)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void unparsableBaseUrlIsRefused() {
    assertThatThrownBy(() -> CalcomClient.builder().apiKey("cal_x").baseUrl("api.cal.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl must be an absolute http(s) URL");
  }

  @Test
  void malformedVersionStringIsRefused() {
    assertThatThrownBy(
            () -> CalcomClient.builder().apiKey("cal_x").apiVersion(ApiResource.BOOKINGS, "v2-latest").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiVersion(BOOKINGS) must look like 2024-08-13")
        .hasMessageContaining("v2-latest");
  }

  @Test
  void versionForUnversionedEndpointsIsRefused() {
    assertThatThrownBy(
            () -> CalcomClient.builder().apiKey("cal_x").apiVersion(ApiResource.UNVERSIONED, "2024-08-13").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNVERSIONED");
  }

  @Test
  void nonPositiveTimeoutIsRefused() {
    assertThatThrownBy(
            () -> CalcomClient.builder().apiKey("cal_x").timeout(EndpointGroup.SLOTS, Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timeout(SLOTS) must be a positive duration");
    assertThatThrownBy(
            () -> CalcomClient.builder().apiKey("cal_x").connectTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connectTimeout must be a positive duration");
  }

  @Test
  void defaultsTargetCalcomOverHttps() {
    try (CalcomClient client = CalcomClient.builder().apiKey("cal_x").build()) {
      assertThat(client.baseUrl()).isEqualTo("https://api.cal.com/");
      assertThat(client.credentialId()).hasSize(16).isHexadecimal();
    }
  }

  @Test
  void closeShutsDownTheOwnedDispatcherAndFurtherCallsFail() {
    MockWebServer server = MockCalcom.start();
    try {
      CalcomClient client = MockCalcom.client(server);
      client.close();

      assertThatThrownBy(() -> client.me().get()).isInstanceOf(RuntimeException.class);
      assertThat(server.getRequestCount()).isZero();
    } finally {
      server.close();
    }
  }

  @Test
  void closeLeavesASharedOkHttpClientOpen() {
    OkHttpClient shared = new OkHttpClient();
    MockWebServer server = MockCalcom.start();
    try {
      CalcomClient client =
          CalcomClient.builder().apiKey("cal_x").baseUrl(server.url("/").toString()).okHttpClient(shared).build();
      client.close();

      assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    } finally {
      shared.dispatcher().executorService().shutdown();
      server.close();
    }
  }
}
