package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.BOOKINGS;
import static dev.calcomclient.testkit.CalcomHttp.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeCalcomExtensionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-06T12:00:00Z"), ZoneOffset.UTC);

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class StaticRegistration {
    @RegisterExtension
    static FakeCalcomExtension fake =
        FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

    @Test
    @Order(1)
    void firstTestBooksTheSlot() {
      assertThat(bookMondayNine(fake.get())).isEqualTo(201);
      assertThat(fake.get().bookings()).hasSize(1);
    }

    @Test
    @Order(2)
    void secondTestSeesAFreshStateOnTheSameServer(FakeCalcom injected) {
      assertThat(injected).isSameAs(fake.get());
      assertThat(injected.bookings()).isEmpty();
      assertThat(injected.requestCount()).isZero();
      assertThat(bookMondayNine(injected)).isEqualTo(201);
    }
  }

  @Nested
  @ExtendWith(FakeCalcomExtension.class)
  class ExtendWithRegistration {
    @Test
    void injectsARunningFakeWithTheDefaultData(FakeCalcom calcom) {
      assertThat(calcom.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(calcom.apiKey()).isEqualTo(FakeCalcom.DEFAULT_API_KEY);
      assertThat(calcom.eventTypes()).extracting(FakeEventType::id).contains(DefaultDataset.INTRO_CALL_ID);
    }
  }

  @Test
  void resetRestoresTheSeedAndDropsRuntimeAdditions() {
    try (FakeCalcom calcom = FakeCalcom.builder().withDefaultData().clock(CLOCK).build().start()) {
      calcom.addUser(FakeUser.of(99, "zed", "zed@example.com", "Zed", "UTC"));
      bookMondayNine(calcom);

      calcom.reset();

      assertThat(calcom.users()).extracting(FakeUser::id).doesNotContain(99L);
      assertThat(calcom.bookings()).isEmpty();
    }
  }

  @Test
  void builderRejectsDanglingReferences() {
    FakeCalcom.Builder builder = FakeCalcom.builder()
        .eventType(FakeEventType.builder(1, "x").ownerId(42).build());

    org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event type 1 refers to unknown user 42");
  }

  private static int bookMondayNine(FakeCalcom calcom) {
    return CalcomHttp.anonymous(calcom).post("/v2/bookings",
        bookingBody(DefaultDataset.INTRO_CALL_ID, "2030-01-07T09:00:00Z", "Pat", "pat@example.com"),
        "cal-api-version", BOOKINGS).status();
  }
}
