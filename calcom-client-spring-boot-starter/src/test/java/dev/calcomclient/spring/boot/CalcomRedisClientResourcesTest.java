package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testkit.FakeCalcom;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;

/**
 * {@code calcom.redis.url} with and without an application Lettuce {@link ClientResources} bean: the application's
 * resources carry CalcomRedis's connections, and the context shuts them down once, after CalcomRedis is closed.
 */
@Timeout(60)
class CalcomRedisClientResourcesTest {
  private static FakeCalcom fake;
  private static RedisServerProcess redis;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(CalcomRedisAutoConfiguration.class, CalcomAutoConfiguration.class));

  @BeforeAll
  static void start() {
    fake = FakeCalcom.builder().withDefaultData().build().start();
    redis = RedisServerProcess.launch();
  }

  @AfterAll
  static void stop() {
    redis.close();
    fake.close();
    AppResources.real.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private ApplicationContextRunner withRedis() {
    return runner.withPropertyValues(
        "calcom.base-url=" + fake.baseUrl(),
        "calcom.api-key=" + fake.apiKey(),
        "calcom.redis.url=" + redis.uri(),
        "calcom.redis.expected-instances=1",
        "calcom.redis.command-timeout=3s");
  }

  @Test
  void withoutAClientResourcesBeanCalcomRedisRunsOnItsOwn() {
    withRedis()
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(ClientResources.class);
              assertThat(context.getBean(CalcomRedis.class).toString()).doesNotContain("sharedResources");
            });
  }

  @Test
  void theApplicationsClientResourcesCarryCalcomRedisAndAreShutDownOnceAfterIt() {
    AppResources.shutdowns.set(0);
    AppResources.destroyed.clear();
    List<Event> events = new CopyOnWriteArrayList<>();
    Disposable subscription = AppResources.real.eventBus().get().subscribe(events::add);
    try {
      withRedis()
          .withUserConfiguration(AppResources.class)
          .run(
              context -> {
                assertThat(context).hasNotFailed().hasSingleBean(CalcomRedis.class);
                assertThat(context.getBean(CalcomRedis.class).toString()).contains("sharedResources");
                // The connections are the application's resources' connections: its event bus reports them.
                Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events)
                        .filteredOn(e -> e instanceof ConnectionActivatedEvent c
                            && c.remoteAddress().toString().endsWith(":" + redis.port()))
                        .isNotEmpty());
                assertThat(AppResources.shutdowns).hasValue(0);
              });
      // Closed with the context: CalcomRedis first, then the application's resources, shut down once (by their own
      // bean definition, never by CalcomRedis).
      assertThat(AppResources.destroyed).containsSubsequence("calcomRedis", "appClientResources");
      assertThat(AppResources.shutdowns).hasValue(1);
      // CalcomRedis's own Lettuce resources are gone, and they did not take the borrowed executors with them.
      assertThat(AppResources.real.eventExecutorGroup().isShuttingDown()).isFalse();
    } finally {
      subscription.dispose();
    }
  }

  /** The application's Lettuce resources, as Spring Data Redis defines them, counting shutdowns. */
  @Configuration(proxyBeanMethods = false)
  static class AppResources {
    static final ClientResources real = ClientResources.create();
    static final AtomicInteger shutdowns = new AtomicInteger();
    static final List<String> destroyed = new CopyOnWriteArrayList<>();

    @Bean(destroyMethod = "shutdown")
    ClientResources appClientResources() {
      return (ClientResources)
          Proxy.newProxyInstance(
              ClientResources.class.getClassLoader(),
              new Class<?>[] {ClientResources.class},
              (proxy, method, args) -> {
                if (method.getName().equals("shutdown")) {
                  shutdowns.incrementAndGet();
                  // The shared resources stay alive for the other tests in this JVM: the count is the point.
                  return real.eventExecutorGroup().next().newSucceededFuture(true);
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Bean
    static DestructionAwareBeanPostProcessor destructionOrder() {
      return new DestructionAwareBeanPostProcessor() {
        @Override
        public void postProcessBeforeDestruction(Object bean, String beanName) {
          destroyed.add(beanName);
        }
      };
    }
  }
}
