package dev.calcomclient.internal.resource;

import static dev.calcomclient.support.FakeCalcomClients.onlyCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Availability;
import dev.calcomclient.model.Schedule;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.RecordedCall;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultSchedulesServiceTest {
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
  void listReturnsTheUsersSchedules() {
    List<Schedule> schedules = client.schedules().list();

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/schedules");
    FakeCalcomClients.assertApiKeyHeaders(call, fake, "2024-06-11");
    assertThat(schedules).singleElement().satisfies(DefaultSchedulesServiceTest::isAlicesWeekdays);
  }

  @Test
  void getFetchesOneScheduleById() {
    Schedule schedule = client.schedules().get(DefaultDataset.ALICE_SCHEDULE_ID).orElseThrow();

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/schedules/11");
    FakeCalcomClients.assertApiKeyHeaders(call, fake, "2024-06-11");
    isAlicesWeekdays(schedule);
  }

  @Test
  void getDefaultFetchesTheDefaultSchedule() {
    Schedule schedule = client.schedules().getDefault().orElseThrow();

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/schedules/default");
    FakeCalcomClients.assertApiKeyHeaders(call, fake, "2024-06-11");
    isAlicesWeekdays(schedule);
  }

  private static void isAlicesWeekdays(Schedule s) {
    assertThat(s.id()).isEqualTo(DefaultDataset.ALICE_SCHEDULE_ID);
    assertThat(s.ownerId()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(s.isDefault()).isTrue();
    assertThat(s.zone()).contains(ZoneId.of("Europe/Berlin"));
    Availability weekdays = s.availability().get(0);
    assertThat(weekdays.daysOfWeek())
        .containsExactly(
            DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    assertThat(weekdays.startTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(weekdays.endTime()).isEqualTo(LocalTime.of(17, 0));
    assertThat(s.overrides()).isEmpty();
  }
}
