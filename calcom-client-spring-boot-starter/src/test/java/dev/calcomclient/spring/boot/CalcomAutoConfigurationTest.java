package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder;
import dev.calcomclient.metrics.micrometer.CalcomObservationListener;
import dev.calcomclient.model.Me;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RecordedCall;
import dev.calcomclient.webhook.CalcomWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration in {@link ApplicationContextRunner}s against a {@link FakeCalcom}: property binding, the
 * start-up checks' messages, and every condition.
 */
@Timeout(60)
class CalcomAutoConfigurationTest {
  private static final String SECRET_KEY = "cal_live_supersecret0123456789";

  private static FakeCalcom fake;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  CalcomRedisAutoConfiguration.class,
                  CalcomAutoConfiguration.class,
                  CalcomMetricsAutoConfiguration.class,
                  CalcomWebhookAutoConfiguration.class,
                  CalcomActuatorAutoConfiguration.class));

  @BeforeAll
  static void startFake() {
    fake = FakeCalcom.builder().withDefaultData().build().start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void clearJournal() {
    fake.clearJournal();
  }

  private ApplicationContextRunner withKey() {
    return runner.withPropertyValues("calcom.base-url=" + fake.baseUrl(), "calcom.api-key=" + fake.apiKey());
  }

  @Test
  void withoutACredentialNothingIsCreatedAndTheContextStarts() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(CalcomClient.class);
          assertThat(context).doesNotHaveBean(CalcomHealth.class);
          assertThat(context).doesNotHaveBean(CalcomWebhooks.class);
          assertThat(context).doesNotHaveBean(CalcomMicrometerBinder.class);
          assertThat(context).doesNotHaveBean(CalcomRedis.class);
          assertThat(context).hasSingleBean(CalcomProperties.class);
        });
  }

  @Test
  void anApiKeyMakesOneClientThatSendsTheBoundVersionsAndIsClosedWithTheContext() {
    CalcomClient[] seen = new CalcomClient[1];
    withKey()
        .withPropertyValues(
            "calcom.api-versions.slots=2024-09-04",
            "calcom.api-versions.event-types=2024-06-11",
            "calcom.timeouts.slots=2s",
            "calcom.call-timeouts.other=20s",
            "calcom.rate-limit.limit=60",
            "calcom.rate-limit.headroom=5",
            "calcom.rate-limit.burst=10",
            "calcom.cache.l1-max-entries=500",
            "calcom.circuit-breaker.failure-threshold=3",
            "calcom.retry.max-retries=1")
        .run(
            context -> {
              assertThat(context).hasSingleBean(CalcomClient.class);
              CalcomClient client = context.getBean(CalcomClient.class);
              seen[0] = client;
              assertThat(client.baseUrl()).startsWith(fake.baseUrl().replaceAll("/$", ""));
              assertThatThrownBy(() -> client.eventTypes().get(DefaultDataset.INTRO_CALL_ID))
                  .as("the fake refuses any event-types version but 2024-06-14, which shows what was sent")
                  .isInstanceOf(dev.calcomclient.BadRequestException.class);
              RecordedCall call = fake.journal().get(fake.journal().size() - 1);
              assertThat(call.header("cal-api-version")).isEqualTo("2024-06-11");
              assertThat(client.me().get()).isNotNull();
              assertThat(client.stats().rateLimit()).isEqualTo(60);
              assertThat(client.stats().rateLimitBudget()).isEqualTo(55);
              CalcomProperties properties = context.getBean(CalcomProperties.class);
              assertThat(properties.getTimeouts()).containsEntry(
                  dev.calcomclient.pipeline.EndpointGroup.SLOTS, Duration.ofSeconds(2));
              assertThat(properties.getCallTimeouts()).containsEntry(
                  dev.calcomclient.pipeline.EndpointGroup.OTHER, Duration.ofSeconds(20));
              assertThat(properties.getCache().getL1MaxEntries()).isEqualTo(500);
            });
    assertThatThrownBy(() -> seen[0].schedules().list())
        .as("the context closed the client")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void anOauthClientAuthenticatesWithItsIdAndSecret() {
    runner
        .withPropertyValues(
            "calcom.base-url=" + fake.baseUrl(),
            "calcom.oauth.client-id=" + fake.oauthClientId(),
            "calcom.oauth.client-secret=" + fake.oauthClientSecret())
        .run(
            context -> {
              CalcomClient client = context.getBean(CalcomClient.class);
              // An operation Cal.com serves to OAuth client credentials (event type by id needs a user's bearer).
              assertThat(client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID)).isNotEmpty();
              RecordedCall call = fake.journal().get(fake.journal().size() - 1);
              assertThat(call.header("x-cal-client-id")).isEqualTo(fake.oauthClientId());
              assertThat(client.toString()).doesNotContain(fake.oauthClientSecret());
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "calcom.api-key=cal_live_super secret|calcom.api-key contains whitespace",
        "calcom.oauth.client-id=abc|calcom.oauth.client-secret must be set",
        "calcom.base-url=http://calcom.internal.example|calcom.base-url uses plain http://",
        "calcom.base-url=ftp://example.com|calcom.base-url must be an absolute http(s) URL",
        "calcom.api-versions.bookings=13 August|calcom.api-versions.bookings must look like 2024-08-13",
        "calcom.timeouts.bookings=0s|calcom.timeouts.bookings must be a positive duration",
        "calcom.call-timeouts.slots=0s|calcom.call-timeouts.slots must be a positive duration",
        "calcom.rate-limit.burst=200|calcom.rate-limit.*: burstCapacity must be between 1 and",
        "calcom.circuit-breaker.failure-threshold=0|calcom.circuit-breaker.*:",
        "calcom.cache.l1-max-entries=0|calcom.cache.*: l1MaximumEntries must be at least 1",
        "calcom.cache.stale-if-overloaded=-1s|calcom.cache.*: staleIfOverloaded must be zero (off) or a positive",
        "calcom.cache.fetch-block-days=32|calcom.cache.*: fetchBlockDays must be between 1 and 31",
        "calcom.cache.conservative-patch-refresh-after=11m|calcom.cache.*: conservativePatchRefreshAfter must be",
        "calcom.redis.url=redis://:hunter2secret@localhost:1|calcom.redis.expected-instances must be set",
        "calcom.redis.url=http://:hunter2secret@localhost:1|calcom.redis.url must start with redis://",
        "calcom.webhooks.enabled=true|calcom.webhooks.secrets must hold the webhook's secret",
      })
  void aWrongPropertyStopsStartUpWithAMessageNamingItAndNoSecret(String property, String expected) {
    ApplicationContextRunner r = property.startsWith("calcom.api-key") || property.startsWith("calcom.oauth")
        ? runner.withPropertyValues("calcom.base-url=" + fake.baseUrl())
        : withKey();
    r.withPropertyValues(property, "calcom.webhooks.max-body-size=1KB")
        .run(
            context -> {
              assertThat(context).hasFailed();
              String message = messages(context.getStartupFailure());
              assertThat(message).contains(expected);
              assertThat(message)
                  .doesNotContain("super secret")
                  .doesNotContain("hunter2secret")
                  .doesNotContain(fake.apiKey());
            });
  }

  @Test
  void aNonPositiveReplayWindowIsRefused() {
    withKey()
        .withPropertyValues(
            "calcom.webhooks.enabled=true", "calcom.webhooks.secrets=whsec_x", "calcom.webhooks.replay-window=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context.getStartupFailure()))
                  .contains("calcom.webhooks.replay-window must be a positive duration")
                  .doesNotContain("whsec_x");
            });
  }

  @Test
  void bothCredentialsAreRefusedWithoutRepeatingEither() {
    runner
        .withPropertyValues(
            "calcom.api-key=" + SECRET_KEY, "calcom.oauth.client-id=id", "calcom.oauth.client-secret=s3cr3tvalue")
        .run(
            context -> {
              assertThat(context).hasFailed();
              String message = messages(context.getStartupFailure());
              assertThat(message).contains("calcom.api-key and calcom.oauth.* are both set");
              assertThat(message).doesNotContain(SECRET_KEY).doesNotContain("s3cr3tvalue");
            });
  }

  @Test
  void withoutARedisUrlThereIsNoRedisAndTheLimiterIsInProcess() {
    withKey()
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(CalcomRedis.class);
              assertThat(context.getBean(CalcomHealth.class).details()).containsEntry("invalidationBus", "none");
            });
  }

  @Test
  void aRedisUrlWiresOneCalcomRedisIntoTheClientAndTheHealth() {
    try (RedisServerProcess redis = RedisServerProcess.launch()) {
      withKey()
          .withPropertyValues(
              "calcom.redis.url=" + redis.uri(),
              "calcom.redis.expected-instances=2",
              // generous on a loaded machine: the point here is the wiring, not Redis's latency
              "calcom.redis.command-timeout=3s",
              "calcom.rate-limit.lane-waits.standard=5s")
          .run(
              context -> {
                assertThat(context).hasSingleBean(CalcomRedis.class);
                CalcomClient client = context.getBean(CalcomClient.class);
                client.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
                assertThat(context.getBean(CalcomHealth.class).details())
                    .containsEntry("invalidationBus", "connected");
                // The shared limiter reports the Redis bucket's tokens; the in-process one would too, but the
                // Redis keys prove where they live.
                assertThat(client.stats().rateLimitAvailableTokens()).isPresent();
                assertThat(redisKeys(redis)).anyMatch(k -> k.startsWith("calcom"));
              });
    }
  }

  @Test
  void withoutTheRedisModuleARedisUrlIsIgnoredByTheConditions() {
    withKey()
        .withClassLoader(new FilteredClassLoader(CalcomRedis.class))
        .withPropertyValues("calcom.redis.url=redis://localhost:1", "calcom.redis.expected-instances=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(CalcomClient.class);
              assertThat(context).doesNotHaveBean("calcomRedis");
            });
  }

  @Test
  void withMicrometerTheBinderListensToTheClient() {
    withKey()
        .run(
            context -> {
              CalcomMicrometerBinder binder = context.getBean(CalcomMicrometerBinder.class);
              assertThat(context).hasSingleBean(CalcomObservationListener.class);
              MeterRegistry registry = new SimpleMeterRegistry();
              binder.bindTo(registry);
              context.getBean(CalcomClient.class).me().get();
              assertThat(registry.get("calcom.client.requests").tag("operation", "me_get").timer().count())
                  .isEqualTo(1);
              assertThat(registry.get("calcom.client.ratelimit.window.requests").gauge().value()).isPositive();
            });
  }

  @Test
  void withoutMicrometerThereIsNoBinderNorObservationAndTheClientWorks() {
    withKey()
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("calcomMicrometerBinder");
              assertThat(context).doesNotHaveBean("calcomObservationListener");
              Me me = context.getBean(CalcomClient.class).me().get();
              assertThat(me).isNotNull();
            });
  }

  @Test
  void applicationBeansWin() {
    CalcomClient own = CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).build();
    CalcomMicrometerBinder ownBinder = new CalcomMicrometerBinder();
    withKey()
        .withPropertyValues("calcom.webhooks.enabled=true", "calcom.webhooks.secrets=whsec_one")
        .withBean("myClient", CalcomClient.class, () -> own)
        .withBean("myBinder", CalcomMicrometerBinder.class, () -> ownBinder)
        .withBean("myWebhooks", CalcomWebhooks.class, () -> own.webhookReceiver().secret("whsec_own").build())
        .run(
            context -> {
              assertThat(context.getBean(CalcomClient.class)).isSameAs(own);
              assertThat(context.getBean(CalcomMicrometerBinder.class)).isSameAs(ownBinder);
              assertThat(context.getBeansOfType(CalcomWebhooks.class)).containsOnlyKeys("myWebhooks");
            });
    own.close();
  }

  @Test
  void customizersAndListenerBeansReachTheBuilder() {
    List<String> seen = new CopyOnWriteArrayList<>();
    withKey()
        .withUserConfiguration(Extras.class)
        .withBean(CalcomEventListener.class, () -> new CalcomEventListener() {
          @Override
          public void requestStart(CalcomRequest request) {
            seen.add(request.operation().name());
          }
        })
        .run(
            context -> {
              CalcomClient client = context.getBean(CalcomClient.class);
              client.me().get();
              assertThat(seen).containsExactly("ME_GET");
              assertThat(Extras.customized).isTrue();
              client.slots()
                  .find(
                      dev.calcomclient.model.SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                          .between(java.time.Instant.now().plus(Duration.ofDays(8)),
                              java.time.Instant.now().plus(Duration.ofDays(9)))
                          .build());
              assertThat(
                      client.slots()
                          .find(
                              dev.calcomclient.model.SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                                  .between(java.time.Instant.now().plus(Duration.ofDays(8)),
                                      java.time.Instant.now().plus(Duration.ofDays(9)))
                                  .build())
                          .source())
                  .as("the customizer switched the cache off")
                  .isEqualTo(SlotsSource.UPSTREAM);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"calcom.cache.fetch-block-days=1,1", "calcom.cache.fetch-block-days=7,7", "calcom.cache.enabled=true,14"})
  void theFetchBlockPropertySetsHowManyDaysOneSlotRequestCovers(String property, long expectedDays) {
    withKey()
        .withPropertyValues(property)
        .run(
            context -> {
              CalcomClient client = context.getBean(CalcomClient.class);
              java.time.Instant day = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                  .plus(Duration.ofDays(20)).plus(Duration.ofHours(12));
              client.slots().find(
                  dev.calcomclient.model.SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                      .between(day, day.plus(Duration.ofHours(1)))
                      .build());
              RecordedCall call =
                  fake.journal().stream().filter(c -> "/v2/slots".equals(c.path())).reduce((a, b) -> b).orElseThrow();
              okhttp3.HttpUrl url = okhttp3.HttpUrl.get("http://x/?" + call.query());
              java.time.Instant start = java.time.Instant.parse(url.queryParameter("start"));
              java.time.Instant end = java.time.Instant.parse(url.queryParameter("end"));
              assertThat(Duration.between(start, end)).isEqualTo(Duration.ofDays(expectedDays));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Extras {
    static volatile boolean customized;

    @Bean
    CalcomClientBuilderCustomizer noCache() {
      return builder -> {
        customized = true;
        builder.cache(dev.calcomclient.cache.CacheConfig.disabled());
      };
    }
  }

  static String messages(Throwable failure) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }

  private static List<String> redisKeys(RedisServerProcess redis) {
    io.lettuce.core.RedisClient c = io.lettuce.core.RedisClient.create(redis.uri());
    try (var connection = c.connect()) {
      return connection.sync().keys("*");
    } finally {
      c.shutdown();
    }
  }
}
