package dev.calcomclient.internal;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Regression: a blocking {@code slots().find} waited for ever (more than 6 minutes in CI, twice) when its first
 * attempt outlasted the real per-attempt timeout on a loaded machine: the retry layer scheduled the next attempt
 * after a backoff on the client's scheduler, a scheduler nobody ran, and the deadline it checks lives on a clock
 * that did not move, so only the scheduler could end the wait. A blocking call now gives up after a real-time bound
 * ({@link ApiCaller#blockingWait()}: four times the longest deadline) with a {@link CalcomTimeoutException}.
 */
class BlockingFindHungOnAStillSchedulerRegressionTest {

  @Test
  void aBlockingFindWhoseRetryIsNeverRunFailsWithinItsBoundInsteadOfHanging() {
    ManualScheduler still = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
    Duration attemptTimeout = Duration.ofMillis(250);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(still.clock()).build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(still.clock())
                .scheduler(still)
                .timeout(EndpointGroup.SLOTS, attemptTimeout)
                .timeout(EndpointGroup.BOOKINGS, attemptTimeout)
                .timeout(EndpointGroup.OTHER, attemptTimeout)
                .build()) {
      fake.faults().nextRequests("GET /v2/slots", 1, Fault.slowResponse(Duration.ofSeconds(2)));
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.slots().find(distinctSlotQuery(0)))
          .isInstanceOf(CalcomTimeoutException.class)
          .hasMessageContaining("3000 ms of real time")
          .hasMessageContaining("scheduler");

      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(60));
      assertThat(still.pendingDelays()).as("the retry's backoff, waiting on the scheduler nobody runs").isNotEmpty();
    }
  }
}
