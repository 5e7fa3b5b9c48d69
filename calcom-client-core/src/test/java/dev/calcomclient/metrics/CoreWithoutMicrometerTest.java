package dev.calcomclient.metrics;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Booking;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The core without Micrometer on the classpath: a client builds, calls FakeCalcom, books, receives webhooks and
 * reports stats. Runs only in the {@code without-micrometer} surefire execution of this module's pom, whose test
 * classpath excludes {@code io.micrometer:*}; run anywhere else it fails on its first assertion, by design.
 */
@Tag("no-micrometer")
class CoreWithoutMicrometerTest {
  private static final String SECRET = "whsec_no_micrometer";

  @Test
  void theClassPathHasNoMicrometer() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .as("this test must run in the without-micrometer surefire execution (mvn test runs it)")
        .isInstanceOf(ClassNotFoundException.class);
  }

  /**
   * Blocking calls need time that moves: a slots attempt that outlasts its real 3 s timeout on a loaded machine is
   * retried after a backoff on the client's scheduler, so a scheduler nobody advances would block {@code find}
   * for ever (seen twice in CI). The driven time runs the client's scheduled tasks at real speed.
   */
  @Test
  void aClientMakesCallsBooksAndReportsWithoutMicrometer() {
    List<String> changes = new CopyOnWriteArrayList<>();
    CalcomWebhooks webhooks =
        CalcomWebhooks.builder()
            .secret(SECRET)
            .onBookingChange(
                c -> {
                  changes.add(c.kind() + " " + c.bookingUid());
                  return CompletableFuture.completedFuture(null);
                })
            .build();
    try (ScaledTime s = ScaledTime.driven(1, Instant.parse(FakeCalcomClients.NOW));
        FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(s.clock())
                .scheduler(s.scheduler())
                .build()) {
      fake.webhooks()
          .subscribe(
              (body, headers) -> {
                if (!webhooks.handle(body, headers::get).isAccepted()) {
                  throw new IllegalStateException("webhook refused");
                }
              },
              SECRET,
              Set.of("BOOKING_CREATED"));

      assertThat(client.slots().find(distinctSlotQuery(0)).isEmpty()).isFalse();
      assertThat(client.me().get().username()).isNotBlank();
      Booking booking = client.bookings().create(introCallBooking("nomicrometer", 0, 0));
      List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(1, Duration.ofSeconds(10));

      assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.succeeded()).isTrue());
      assertThat(changes).containsExactly("CREATED " + booking.uid());
      ClientStats stats = client.stats();
      for (Operation called : List.of(Operation.SLOTS_FIND, Operation.ME_GET, Operation.BOOKING_CREATE)) {
        assertThat(stats.operations().get(called).calls()).as(called.name()).isEqualTo(1);
      }
      // the event-type catalog loads the searched and booked type in the background, on the running scheduler
      OperationStats background = stats.operations().get(Operation.EVENT_TYPE_GET);
      long loads = background == null ? 0 : background.calls();
      assertThat(loads).isLessThanOrEqualTo(1);
      assertThat(stats.requests()).isEqualTo(3 + loads);
      assertThat(stats.toReport()).contains("Requests: " + (3 + loads) + " through the client");
    }
  }

  @Test
  void everyCoreClassButTheBinderLoadsAndResolvesItsSignatures() {
    List<String> failures = new ArrayList<>();
    int loaded = 0;
    for (String file : CoreClasses.classFiles()) {
      String name = CoreClasses.className(file);
      boolean binder = file.startsWith(CoreClasses.MICROMETER_PACKAGE);
      try {
        Class<?> type = Class.forName(name, false, getClass().getClassLoader());
        type.getDeclaredMethods();
        type.getDeclaredFields();
        type.getDeclaredConstructors();
        if (binder && !name.endsWith("package-info")) {
          failures.add(name + " resolved although Micrometer is absent: is this really the no-Micrometer run?");
        }
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        if (!binder) {
          failures.add(name + ": " + e);
        }
      }
    }

    assertThat(loaded).isGreaterThan(100);
    assertThat(failures).isEmpty();
  }
}
