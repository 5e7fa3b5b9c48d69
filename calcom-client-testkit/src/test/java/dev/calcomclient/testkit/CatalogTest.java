package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.EVENT_TYPES;
import static dev.calcomclient.testkit.CalcomHttp.SCHEDULES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event types, team event types, schedules and /v2/me, using the JUnit extension with the default data. */
class CatalogTest {
  @RegisterExtension
  static FakeCalcomExtension fake = FakeCalcomExtension.withDefaultData();

  @Test
  void eventTypesByUsernameHaveTheRequiredFields(FakeCalcom calcom) {
    Reply reply = CalcomHttp.anonymous(calcom).get("/v2/event-types?username=alice", "cal-api-version", EVENT_TYPES);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(slugs(reply.data())).containsExactly("intro-call", "consultation", "quick-chat");
    JsonNode consultation = reply.data().get(1);
    for (String field : List.of("id", "lengthInMinutes", "title", "slug", "description", "locations",
        "bookingFields", "disableGuests", "recurrence", "metadata", "price", "currency",
        "lockTimeZoneToggleOnBookingPage", "forwardParamsSuccessRedirect", "successRedirectUrl", "isInstantEvent",
        "scheduleId", "hidden", "bookingRequiresAuthentication", "ownerId", "users")) {
      assertThat(consultation.has(field)).as(field).isTrue();
    }
    assertThat(consultation.get("afterEventBuffer").asInt()).isEqualTo(15);
    assertThat(consultation.get("minimumBookingNotice").asInt()).isEqualTo(120);
    assertThat(consultation.get("users").get(0).get("username").asText()).isEqualTo("alice");
    assertThat(reply.data().get(2).get("bookingLimitsCount").get("PER_DAY").asInt()).isEqualTo(4);
  }

  @Test
  void eventSlugFiltersAndUnknownUserIs404(FakeCalcom calcom) {
    CalcomHttp http = CalcomHttp.anonymous(calcom);

    assertThat(slugs(http.get("/v2/event-types?username=bob&eventSlug=product-demo", "cal-api-version",
        EVENT_TYPES).data())).containsExactly("product-demo");
    assertThat(http.get("/v2/event-types?username=nobody", "cal-api-version", EVENT_TYPES).status()).isEqualTo(404);
  }

  @Test
  void eventTypeByIdNeedsAuthAndKnowsUnknownIds(FakeCalcom calcom) {
    String path = "/v2/event-types/" + DefaultDataset.INTRO_CALL_ID;

    assertThat(CalcomHttp.anonymous(calcom).get(path, "cal-api-version", EVENT_TYPES).status()).isEqualTo(401);
    Reply ok = CalcomHttp.withApiKey(calcom).get(path, "cal-api-version", EVENT_TYPES);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.data().get("slug").asText()).isEqualTo("intro-call");
    Reply missing = CalcomHttp.withApiKey(calcom).get("/v2/event-types/9999", "cal-api-version", EVENT_TYPES);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("NotFoundException");
  }

  @Test
  void teamEventTypesCarryHostsSchedulingTypeAndTeam(FakeCalcom calcom) {
    Reply list = CalcomHttp.anonymous(calcom).get("/v2/teams/" + DefaultDataset.SALES_TEAM_ID + "/event-types");
    Reply one = CalcomHttp.withApiKey(calcom)
        .get("/v2/teams/" + DefaultDataset.SALES_TEAM_ID + "/event-types/" + DefaultDataset.SALES_PANEL_ID);

    assertThat(slugs(list.data())).containsExactly("sales-call", "sales-panel");
    JsonNode roundRobin = list.data().get(0);
    assertThat(roundRobin.get("schedulingType").asText()).isEqualTo("roundRobin");
    assertThat(roundRobin.get("teamId").asLong()).isEqualTo(DefaultDataset.SALES_TEAM_ID);
    assertThat(roundRobin.get("team").get("slug").asText()).isEqualTo("sales");
    assertThat(roundRobin.get("hosts")).hasSize(2);
    assertThat(roundRobin.get("hosts").get(1).get("userId").asLong()).isEqualTo(DefaultDataset.BOB_ID);
    assertThat(one.data().get("schedulingType").asText()).isEqualTo("collective");
  }

  @Test
  void schedulesBelongToTheAuthenticatedUser(FakeCalcom calcom) {
    CalcomHttp http = CalcomHttp.withApiKey(calcom);

    Reply all = http.get("/v2/schedules", "cal-api-version", SCHEDULES);
    Reply def = http.get("/v2/schedules/default", "cal-api-version", "2024-06-14");
    Reply bobs = http.get("/v2/schedules/" + DefaultDataset.BOB_SCHEDULE_ID, "cal-api-version", SCHEDULES);

    assertThat(all.data()).hasSize(1);
    JsonNode schedule = def.data();
    assertThat(schedule.get("id").asLong()).isEqualTo(DefaultDataset.ALICE_SCHEDULE_ID);
    assertThat(schedule.get("ownerId").asLong()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(schedule.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(schedule.get("isDefault").asBoolean()).isTrue();
    assertThat(schedule.get("overrides").isArray()).isTrue();
    JsonNode availability = schedule.get("availability").get(0);
    assertThat(availability.get("days").toString())
        .isEqualTo("[\"Monday\",\"Tuesday\",\"Wednesday\",\"Thursday\",\"Friday\"]");
    assertThat(availability.get("startTime").asText()).isEqualTo("09:00");
    assertThat(availability.get("endTime").asText()).isEqualTo("17:00");
    assertThat(bobs.status()).isEqualTo(404);
    assertThat(CalcomHttp.anonymous(calcom).get("/v2/schedules", "cal-api-version", SCHEDULES).status())
        .isEqualTo(401);
  }

  @Test
  void meDescribesTheKeysUser(FakeCalcom calcom) {
    JsonNode me = CalcomHttp.withApiKey(calcom).get("/v2/me").data();

    assertThat(me.get("id").asLong()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(me.get("username").asText()).isEqualTo("alice");
    assertThat(me.get("email").asText()).isEqualTo("alice@example.com");
    assertThat(me.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(me.get("defaultScheduleId").asLong()).isEqualTo(DefaultDataset.ALICE_SCHEDULE_ID);
    assertThat(me.get("timeFormat").asInt()).isEqualTo(24);
    assertThat(me.get("weekStart").asText()).isEqualTo("Monday");
    assertThat(me.has("organizationId")).isTrue();
  }

  private static List<String> slugs(JsonNode eventTypes) {
    List<String> slugs = new ArrayList<>();
    eventTypes.forEach(e -> slugs.add(e.get("slug").asText()));
    return slugs;
  }
}
