package dev.calcomclient.coalesce.internal;

import static dev.calcomclient.testing.Requests.request;
import static dev.calcomclient.testing.Requests.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.ServerErrorException;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingLayerTest {
  private static final Instant DEADLINE = Instant.parse("2050-01-01T00:00:30Z");

  private final LocalCoalescer coalescer = new LocalCoalescer();
  private final AtomicInteger joins = new AtomicInteger();
  private final ConcurrentLinkedQueue<CompletableFuture<CalcomResponse>> downstream = new ConcurrentLinkedQueue<>();
  private final Pipeline pipeline =
      new Pipeline(
          List.of(
              new CoalescingLayer(
                  coalescer,
                  new CalcomEventListener() {
                    @Override
                    public void coalescedJoin(CalcomRequest request) {
                      joins.incrementAndGet();
                    }
                  }),
              (request, chain) -> {
                CompletableFuture<CalcomResponse> f = new CompletableFuture<>();
                downstream.add(f);
                return f;
              }));
  private final ExecutorService threads = Executors.newFixedThreadPool(100);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private CompletableFuture<CalcomResponse> read() {
    return pipeline.execute(
        request(Operation.SLOTS_FIND, Priority.STANDARD, DEADLINE).toBuilder().query("eventTypeId", 42).build());
  }

  @Test
  void aHundredConcurrentIdenticalReadsMakeOneDownstreamCall() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch issued = new CountDownLatch(100);
    List<CompletableFuture<CalcomResponse>> results = new ArrayList<>();
    List<CompletableFuture<CompletableFuture<CalcomResponse>>> submitted = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      CompletableFuture<CompletableFuture<CalcomResponse>> slot = new CompletableFuture<>();
      submitted.add(slot);
      threads.execute(
          () -> {
            try {
              start.await();
              slot.complete(read());
            } catch (InterruptedException e) {
              slot.completeExceptionally(e);
            } finally {
              issued.countDown();
            }
          });
    }
    start.countDown();
    assertThat(issued.await(10, TimeUnit.SECONDS)).isTrue();
    for (CompletableFuture<CompletableFuture<CalcomResponse>> slot : submitted) {
      results.add(slot.get(10, TimeUnit.SECONDS));
    }
    assertThat(downstream).hasSize(1);
    assertThat(results).noneMatch(CompletableFuture::isDone);

    CalcomResponse answer = response(200);
    downstream.peek().complete(answer);

    assertThat(results).allSatisfy(f -> assertThat(f).isCompletedWithValue(answer));
    assertThat(joins).hasValue(99);
    assertThat(coalescer.inFlight()).isZero();
  }

  @Test
  void aFailureIsSharedByThatFlightsJoinersOnlyAndTheNextReadGoesDownstreamAgain() {
    CompletableFuture<CalcomResponse> a = read();
    CompletableFuture<CalcomResponse> b = read();
    assertThat(downstream).hasSize(1);
    ServerErrorException boom = new ServerErrorException(500, "E", "boom", null, null);
    downstream.poll().completeExceptionally(boom);
    assertThat(Futures.unwrap(a.handle((r, e) -> e).join())).isSameAs(boom);
    assertThat(Futures.unwrap(b.handle((r, e) -> e).join())).isSameAs(boom);

    CompletableFuture<CalcomResponse> c = read();
    assertThat(downstream).hasSize(1);
    downstream.poll().complete(response(200));
    assertThat(c.join().status()).isEqualTo(200);
  }

  @Test
  void aCallerCancellingItsShareDoesNotCancelTheOthers() {
    CompletableFuture<CalcomResponse> a = read();
    CompletableFuture<CalcomResponse> b = read();
    a.cancel(true);
    downstream.poll().complete(response(200));
    assertThat(b.join().status()).isEqualTo(200);
  }

  @Test
  void differentReadsAndMutationsAreNotCoalesced() {
    read();
    pipeline.execute(
        request(Operation.SLOTS_FIND, Priority.STANDARD, DEADLINE).toBuilder().query("eventTypeId", 43).build());
    pipeline.execute(request(Operation.BOOKING_CREATE, Priority.INTERACTIVE, DEADLINE));
    pipeline.execute(request(Operation.BOOKING_CREATE, Priority.INTERACTIVE, DEADLINE));
    assertThat(downstream).hasSize(4);
    assertThat(joins).hasValue(0);
  }
}
