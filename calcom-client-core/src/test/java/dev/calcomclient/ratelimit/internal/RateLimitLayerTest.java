package dev.calcomclient.ratelimit.internal;

import static dev.calcomclient.testing.Requests.request;
import static dev.calcomclient.testing.Requests.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RateLimitLayerTest {
  private final ManualScheduler s = new ManualScheduler();
  private final LocalRateLimiter limiter = new LocalRateLimiter(RateLimiterConfig.defaults(), s.clock(), s);
  private final Deque<CalcomResponse> answers = new ArrayDeque<>();
  private final List<CalcomRequest> sent = new ArrayList<>();
  private final List<Instant> sentAt = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private final CalcomEventListener listener =
      new CalcomEventListener() {
        @Override
        public void rateLimitPaused(CalcomRequest attempt, Duration pause) {
          pauses.add(pause);
        }
      };
  private final Pipeline pipeline =
      new Pipeline(
          List.of(
              new RateLimitLayer(limiter, listener, s.clock(), s),
              (request, chain) -> {
                sent.add(request);
                sentAt.add(s.now());
                return CompletableFuture.completedFuture(answers.isEmpty() ? response(200) : answers.poll());
              }));

  @Test
  void everyAttemptTakesExactlyOneToken() {
    for (int i = 0; i < 5; i++) {
      pipeline.execute(request(Operation.SLOTS_FIND, Priority.STANDARD, s.now().plusSeconds(10)));
    }
    assertThat(sent).hasSize(5);
    assertThat(limiter.availableTokens(sent.get(0).credentialId())).hasValue(105);
  }

  @Test
  void a429IsRetriedOnceAfterThePauseWhenTheDeadlineAllows() {
    answers.add(response(429, Map.of("X-RateLimit-Reset-Default", "3")));
    Instant start = s.now();
    CompletableFuture<CalcomResponse> f =
        pipeline.execute(request(Operation.BOOKING_CREATE, Priority.INTERACTIVE, start.plusSeconds(15)));
    assertThat(f).isNotDone();
    s.advance(Duration.ofSeconds(3));
    assertThat(f).isCompleted();
    assertThat(f.join().status()).isEqualTo(200);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).attempt()).isEqualTo(2);
    assertThat(sentAt.get(1)).isEqualTo(start.plusSeconds(3));
    assertThat(pauses).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void a429WhosePauseOutlastsTheDeadlineIsReturnedAsIs() {
    answers.add(response(429, Map.of("X-RateLimit-Reset-Default", "60")));
    CompletableFuture<CalcomResponse> f =
        pipeline.execute(request(Operation.SLOTS_FIND, Priority.STANDARD, s.now().plusSeconds(9)));
    assertThat(f).isCompleted();
    assertThat(f.join().status()).isEqualTo(429);
    assertThat(sent).hasSize(1);
  }

  @Test
  void aSecond429IsNotRetriedAgain() {
    answers.add(response(429, Map.of("X-RateLimit-Reset-Default", "1")));
    answers.add(response(429, Map.of("X-RateLimit-Reset-Default", "1")));
    CompletableFuture<CalcomResponse> f =
        pipeline.execute(request(Operation.SLOTS_FIND, Priority.STANDARD, s.now().plusSeconds(30)));
    s.advance(Duration.ofSeconds(2));
    assertThat(f.join().status()).isEqualTo(429);
    assertThat(sent).hasSize(2);
  }

  @Test
  void everyCallOfTheCredentialWaitsOutThePauseAndSucceedsAfterwards() {
    answers.add(response(429, Map.of("X-RateLimit-Reset-Default", "2")));
    CompletableFuture<CalcomResponse> first =
        pipeline.execute(request(Operation.SLOTS_FIND, Priority.INTERACTIVE, s.now().plusSeconds(30)));
    CompletableFuture<CalcomResponse> second =
        pipeline.execute(request(Operation.ME_GET, Priority.INTERACTIVE, s.now().plusSeconds(30)));
    assertThat(sent).hasSize(1);
    assertThat(second).isNotDone();
    s.advance(Duration.ofSeconds(4));
    assertThat(first.join().status()).isEqualTo(200);
    assertThat(second.join().status()).isEqualTo(200);
    assertThat(sentAt.subList(1, sentAt.size())).allSatisfy(t -> assertThat(t).isAfterOrEqualTo(sentAt.get(0).plusSeconds(2)));
  }
}
