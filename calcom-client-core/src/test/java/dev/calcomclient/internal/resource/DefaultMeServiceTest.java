package dev.calcomclient.internal.resource;

import static dev.calcomclient.support.FakeCalcomClients.onlyCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.UnauthorizedException;
import dev.calcomclient.model.Me;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.RecordedCall;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultMeServiceTest {
  @RegisterExtension static final FakeCalcomExtension FAKE = FakeCalcomExtension.withDefaultData();

  @Test
  void getReturnsTheKeysOwnerWithoutVersionHeader() {
    FakeCalcom fake = FAKE.get();
    Me me;
    try (CalcomClient client = FakeCalcomClients.client(fake)) {
      me = client.me().get();
    }

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/me");
    assertThat(call.header("cal-api-version")).isNull();
    FakeCalcomClients.assertSentApiKey(call, fake);
    assertThat(me.id()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(me.username()).isEqualTo("alice");
    assertThat(me.email()).isEqualTo("alice@example.com");
    assertThat(me.defaultScheduleId()).isEqualTo(DefaultDataset.ALICE_SCHEDULE_ID);
    assertThat(me.zone()).contains(ZoneId.of("Europe/Berlin"));
    assertThat(me.organizationId()).isNull();
  }

  @Test
  void getWithAnUnknownKeyFailsWithUnauthorized() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client =
        CalcomClient.builder().apiKey("cal_test_wrong").baseUrl(fake.baseUrl()).build()) {
      assertThatThrownBy(() -> client.me().get())
          .isInstanceOf(UnauthorizedException.class)
          .satisfies(e -> assertThat(((UnauthorizedException) e).status()).isEqualTo(401));
    }
  }
}
