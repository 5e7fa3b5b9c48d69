package dev.calcomclient.internal.resource;

import static dev.calcomclient.support.FakeCalcomClients.onlyCall;
import static dev.calcomclient.support.FakeCalcomClients.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeQuery;
import dev.calcomclient.model.SchedulingType;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultEventTypesServiceTest {
  @RegisterExtension static final FakeCalcomExtension FAKE = FakeCalcomExtension.withDefaultData();

  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FAKE.get();
    client = FakeCalcomClients.client(fake);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void listByUsernameSendsTheUsernameAndDecodesPersonalEventTypes() {
    List<EventType> types = client.eventTypes().list("alice");

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/event-types");
    assertThat(query(call)).containsExactly(entry("username", "alice"));
    FakeCalcomClients.assertApiKeyHeaders(call, fake, "2024-06-14");
    assertThat(types).extracting(EventType::slug).containsExactly("intro-call", "consultation", "quick-chat");
    EventType consultation = types.get(1);
    assertThat(consultation.id()).isEqualTo(DefaultDataset.CONSULTATION_ID);
    assertThat(consultation.lengthInMinutes()).isEqualTo(60);
    assertThat(consultation.minimumBookingNotice()).isEqualTo(120);
    assertThat(consultation.afterEventBuffer()).isEqualTo(15);
    assertThat(consultation.ownerId()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(consultation.isTeamEvent()).isFalse();
    assertThat(consultation.users()).extracting(u -> u.username()).containsExactly("alice");
    assertThat(consultation.hostUserIds()).containsExactly(DefaultDataset.ALICE_ID);
    assertThat(consultation.locations()).first().satisfies(l -> assertThat(l).containsEntry("type", "integration"));
  }

  @Test
  void listByQuerySendsSlugFilter() {
    List<EventType> types = client.eventTypes().list(EventTypeQuery.ofUserBySlug("alice", "quick-chat"));

    assertThat(query(onlyCall(fake))).containsExactly(entry("username", "alice"), entry("eventSlug", "quick-chat"));
    assertThat(types).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(DefaultDataset.QUICK_CHAT_ID);
      assertThat(t.slotInterval()).isEqualTo(15);
      assertThat(t.limitedPeriods()).containsExactly("day");
    });
  }

  @Test
  void getFetchesOneEventTypeById() {
    EventType type = client.eventTypes().get(DefaultDataset.INTRO_CALL_ID).orElseThrow();

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/event-types/101");
    assertThat(call.query()).isNull();
    FakeCalcomClients.assertApiKeyHeaders(call, fake, "2024-06-14");
    assertThat(type.slug()).isEqualTo("intro-call");
    assertThat(type.minimumBookingNotice()).isEqualTo(60);
  }

  @Test
  void listForTeamSendsNoVersionAndDecodesTeamEventTypes() {
    List<EventType> types = client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID);

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/teams/21/event-types");
    assertThat(call.header("cal-api-version")).isNull();
    FakeCalcomClients.assertSentApiKey(call, fake);
    assertThat(types).extracting(EventType::slug).containsExactly("sales-call", "sales-panel");
    EventType roundRobin = types.get(0);
    assertThat(roundRobin.teamId()).isEqualTo(DefaultDataset.SALES_TEAM_ID);
    assertThat(roundRobin.schedulingType()).isEqualTo(SchedulingType.ROUND_ROBIN);
    assertThat(roundRobin.hosts()).extracting(h -> h.userId())
        .containsExactly(DefaultDataset.ALICE_ID, DefaultDataset.BOB_ID);
    assertThat(roundRobin.hostUserIds()).containsExactly(DefaultDataset.ALICE_ID, DefaultDataset.BOB_ID);
    assertThat(roundRobin.team()).containsEntry("slug", "sales");
    assertThat(types.get(1).schedulingType()).isEqualTo(SchedulingType.COLLECTIVE);
  }

  @Test
  void getForTeamFetchesOneTeamEventType() {
    EventType type = client.eventTypes().getForTeam(DefaultDataset.SALES_TEAM_ID, DefaultDataset.SALES_PANEL_ID);

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/teams/21/event-types/202");
    assertThat(call.header("cal-api-version")).isNull();
    assertThat(type.slug()).isEqualTo("sales-panel");
    assertThat(type.isTeamEvent()).isTrue();
  }
}
