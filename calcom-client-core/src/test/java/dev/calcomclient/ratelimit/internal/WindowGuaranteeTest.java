package dev.calcomclient.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testing.Requests;
import dev.calcomclient.testing.WindowOracle;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Drives an adversarial client against the limiter for an hour of simulated time and measures the worst sliding
 * 60 s window of admitted requests.
 */
class WindowGuaranteeTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  /** Offers one request at the scheduler's current time; calls {@code admitted} when (if ever) it is let through. */
  interface Admitter {
    void offer(Consumer<Instant> admitted);
  }

  @Test
  void noSixtySecondWindowAdmitsMoreThanLimitMinusHeadroom() {
    ManualScheduler s = new ManualScheduler();
    RateLimiterConfig config = RateLimiterConfig.defaults();
    LocalRateLimiter limiter = new LocalRateLimiter(config, s.clock(), s);
    Random rnd = new Random(42);
    Admitter admitter =
        admitted -> {
          Priority lane = Priority.values()[rnd.nextInt(3)];
          limiter
              .acquire(Requests.request(Operation.SLOTS_FIND, lane, s.now().plusSeconds(30)))
              .thenRun(() -> admitted.accept(s.now()));
        };

    List<Instant> admitted = drive(s, admitter, rnd);

    assertThat(maxInAnyWindow(admitted)).isLessThanOrEqualTo(config.budget());
    // The adversary really did saturate the bucket: the worst window reaches the budget exactly.
    assertThat(maxInAnyWindow(admitted)).isEqualTo(config.budget());
  }

  @Test
  void theNaiveBucketAdmitsFarMoreThanTheLimitInSomeWindow() {
    ManualScheduler s = new ManualScheduler();
    Bucket naive =
        Bucket.builder()
            .addLimit(l -> l.capacity(120).refillGreedy(120, WINDOW).initialTokens(120))
            .withCustomTimePrecision(new BackgroundPace.ClockTime(s.clock()))
            .build();
    Admitter admitter =
        admitted -> {
          if (naive.tryConsume(1)) {
            admitted.accept(s.now());
          }
        };

    List<Instant> admitted = drive(s, admitter, new Random(42));

    assertThat(maxInAnyWindow(admitted)).isGreaterThan(120).isGreaterThanOrEqualTo(239);
  }

  /**
   * Alternates the textbook worst case (stay idle until the bucket is full, then take every token for 65 s) with
   * random bursts and pauses, for one hour.
   */
  private static List<Instant> drive(ManualScheduler s, Admitter admitter, Random rnd) {
    List<Instant> admitted = Collections.synchronizedList(new ArrayList<>());
    Instant end = s.now().plus(Duration.ofHours(1));
    while (s.now().isBefore(end)) {
      s.advance(Duration.ofSeconds(61 + rnd.nextInt(60)));
      Instant greedyEnd = s.now().plusSeconds(65);
      while (s.now().isBefore(greedyEnd)) {
        for (int i = 0; i < 3; i++) {
          admitter.offer(admitted::add);
        }
        s.advance(Duration.ofMillis(10));
      }
      for (int round = 0; round < 40; round++) {
        int burst = rnd.nextInt(30);
        for (int i = 0; i < burst; i++) {
          admitter.offer(admitted::add);
        }
        s.advance(Duration.ofMillis(rnd.nextInt(3000)));
      }
    }
    s.advance(Duration.ofSeconds(5));
    return admitted;
  }

  /** The most admissions inside any closed interval of 60 s. */
  static int maxInAnyWindow(List<Instant> times) {
    return WindowOracle.maxInAnyWindow(times, WINDOW);
  }
}
