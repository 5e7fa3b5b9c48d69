package dev.calcomclient.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
  private static Fault slots(FaultInjector f) {
    return f.select("GET", "/v2/slots", "slots");
  }

  private static Fault createBooking(FaultInjector f) {
    return f.select("POST", "/v2/bookings", "bookings");
  }

  @Test
  void countedFaultsApplyToTheNextMatchingRequestsOnly() {
    FaultInjector faults = new FaultInjector(1);
    faults.nextRequests("POST /v2/bookings", 1, Fault.connectionDroppedAfterProcessing())
        .nextRequests(2, Fault.serviceUnavailable());

    assertThat(slots(faults)).isEqualTo(Fault.serviceUnavailable());
    assertThat(createBooking(faults)).isEqualTo(Fault.connectionDroppedAfterProcessing());
    assertThat(createBooking(faults)).isEqualTo(Fault.serviceUnavailable());
    assertThat(createBooking(faults)).isNull();
    assertThat(slots(faults)).isNull();
    assertThat(faults.pendingCount()).isZero();
    assertThat(faults.injectedCount()).isEqualTo(3);
  }

  @Test
  void endpointKeysMatchRoutePatternMethodAndGroupOrGroup() {
    assertThat(FaultInjector.matches("bookings", "GET", "/v2/bookings/{bookingUid}", "bookings")).isTrue();
    assertThat(FaultInjector.matches("POST bookings", "GET", "/v2/bookings", "bookings")).isFalse();
    assertThat(FaultInjector.matches("POST bookings", "POST", "/v2/bookings", "bookings")).isTrue();
    assertThat(FaultInjector.matches("GET /v2/slots", "GET", "/v2/slots", "slots")).isTrue();
    assertThat(FaultInjector.matches(null, "GET", "/v2/me", "me")).isTrue();
  }

  @Test
  void randomFaultsAreSeededAndRoughlyAsFrequentAsAsked() {
    List<Fault> first = run(42);
    assertThat(run(42)).isEqualTo(first);
    long faulted = first.stream().filter(f -> f != null).count();
    assertThat(faulted).isBetween(170L, 230L); // 20 % of 1000
    assertThat(first.stream().filter(f -> f != null)).allMatch(f -> f.equals(Fault.serverError(500)));
  }

  private static List<Fault> run(long seed) {
    FaultInjector faults = new FaultInjector(seed);
    faults.randomly("slots", 0.2, Fault.serverError(500));
    List<Fault> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      out.add(slots(faults));
      assertThat(createBooking(faults)).isNull();
    }
    return out;
  }

  @Test
  void clearRemovesEveryRule() {
    FaultInjector faults = new FaultInjector(1);
    faults.randomly(1.0, Fault.malformedJson()).nextRequests(5, Fault.truncatedBody());
    faults.clear();
    assertThat(slots(faults)).isNull();
    assertThat(faults.pendingCount()).isZero();
  }

  @Test
  void faultsSayWhetherTheRequestIsProcessed() {
    assertThat(Fault.connectionDroppedAfterProcessing().processesRequest()).isTrue();
    assertThat(Fault.slowResponse(Duration.ofSeconds(10)).processesRequest()).isTrue();
    assertThat(Fault.malformedJson().processesRequest()).isTrue();
    assertThat(Fault.truncatedBody().processesRequest()).isTrue();
    assertThat(Fault.connectionReset().processesRequest()).isFalse();
    assertThat(Fault.serviceUnavailable().processesRequest()).isFalse();
    assertThat(Fault.tooManyRequests().processesRequest()).isFalse();
  }

  @Test
  void invalidRulesAreRejected() {
    FaultInjector faults = new FaultInjector(1);
    assertThatThrownBy(() -> faults.nextRequests(0, Fault.malformedJson())).hasMessageContaining("count");
    assertThatThrownBy(() -> faults.randomly(1.5, Fault.malformedJson())).hasMessageContaining("probability");
    assertThatThrownBy(() -> faults.nextRequests(" ", 1, Fault.malformedJson())).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> Fault.serverError(404)).hasMessageContaining("500-599");
  }
}
