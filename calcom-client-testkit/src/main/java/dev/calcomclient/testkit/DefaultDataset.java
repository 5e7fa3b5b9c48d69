package dev.calcomclient.testkit;

import java.time.DayOfWeek;
import java.util.EnumSet;

/**
 * Ids of the realistic dataset seeded by {@link FakeCalcom.Builder#withDefaultData()}.
 *
 * <table>
 *   <caption>Users (schedules Monday-Friday 09:00-17:00 in the user's zone)</caption>
 *   <tr><th>user</th><th>id</th><th>username</th><th>time zone</th><th>schedule id</th></tr>
 *   <tr><td>Alice Schmidt, alice@example.com</td><td>1</td><td>alice</td><td>Europe/Berlin</td><td>11</td></tr>
 *   <tr><td>Bob Miller, bob@example.com</td><td>2</td><td>bob</td><td>America/New_York</td><td>12</td></tr>
 *   <tr><td>Carla Mehta, carla@example.com</td><td>3</td><td>carla</td><td>Asia/Kolkata (no DST)</td><td>13</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Event types (team 21 "sales" = Alice and Bob)</caption>
 *   <tr><th>id</th><th>slug</th><th>host</th><th>length</th><th>rules</th></tr>
 *   <tr><td>101</td><td>intro-call</td><td>alice</td><td>30</td><td>minimum notice 60 min</td></tr>
 *   <tr><td>102</td><td>consultation</td><td>alice</td><td>60</td><td>notice 120 min, after-buffer 15 min</td></tr>
 *   <tr><td>103</td><td>quick-chat</td><td>alice</td><td>15</td><td>slot interval 15, at most 4 per day</td></tr>
 *   <tr><td>104</td><td>product-demo</td><td>bob</td><td>45</td><td>slot interval 15, notice 60 min</td></tr>
 *   <tr><td>105</td><td>mentoring</td><td>carla</td><td>30</td><td>-</td></tr>
 *   <tr><td>201</td><td>sales-call</td><td>team 21, round robin</td><td>30</td><td>-</td></tr>
 *   <tr><td>202</td><td>sales-panel</td><td>team 21, collective</td><td>30</td><td>-</td></tr>
 * </table>
 *
 * <p>Alice hosts three individual event types and both team ones, so a booking of any of them blocks the others.
 * The API key ({@link FakeCalcom#DEFAULT_API_KEY} unless configured) and the OAuth client belong to Alice.
 */
public final class DefaultDataset {
  /** Alice Schmidt, Europe/Berlin; owner of the API key. */
  public static final long ALICE_ID = 1;
  /** Bob Miller, America/New_York. */
  public static final long BOB_ID = 2;
  /** Carla Mehta, Asia/Kolkata (UTC+05:30 all year). */
  public static final long CARLA_ID = 3;
  /** Alice's default schedule. */
  public static final long ALICE_SCHEDULE_ID = 11;
  /** Bob's default schedule. */
  public static final long BOB_SCHEDULE_ID = 12;
  /** Carla's default schedule. */
  public static final long CARLA_SCHEDULE_ID = 13;
  /** The sales team (Alice and Bob). */
  public static final long SALES_TEAM_ID = 21;
  /** Slug of the sales team. */
  public static final String SALES_TEAM_SLUG = "sales";
  /** Alice, "intro-call", 30 min, 60 min notice. */
  public static final long INTRO_CALL_ID = 101;
  /** Alice, "consultation", 60 min, 120 min notice, 15 min after-buffer. */
  public static final long CONSULTATION_ID = 102;
  /** Alice, "quick-chat", 15 min every 15 min, at most 4 per day. */
  public static final long QUICK_CHAT_ID = 103;
  /** Bob, "product-demo", 45 min every 15 min, 60 min notice. */
  public static final long PRODUCT_DEMO_ID = 104;
  /** Carla, "mentoring", 30 min. */
  public static final long MENTORING_ID = 105;
  /** Team 21 round robin (Alice, Bob), "sales-call", 30 min. */
  public static final long SALES_CALL_ID = 201;
  /** Team 21 collective (Alice and Bob), "sales-panel", 30 min. */
  public static final long SALES_PANEL_ID = 202;

  private DefaultDataset() {}

  static void seed(FakeCalcom.Builder b) {
    b.user(FakeUser.of(ALICE_ID, "alice", "alice@example.com", "Alice Schmidt", "Europe/Berlin")
            .withDefaultScheduleId(ALICE_SCHEDULE_ID))
        .user(FakeUser.of(BOB_ID, "bob", "bob@example.com", "Bob Miller", "America/New_York")
            .withDefaultScheduleId(BOB_SCHEDULE_ID))
        .user(FakeUser.of(CARLA_ID, "carla", "carla@example.com", "Carla Mehta", "Asia/Kolkata")
            .withDefaultScheduleId(CARLA_SCHEDULE_ID))
        .schedule(FakeSchedule.weekdays(ALICE_SCHEDULE_ID, ALICE_ID, "Europe/Berlin", "09:00", "17:00"))
        .schedule(FakeSchedule.weekdays(BOB_SCHEDULE_ID, BOB_ID, "America/New_York", "09:00", "17:00"))
        .schedule(FakeSchedule.builder(CARLA_SCHEDULE_ID, CARLA_ID).timeZone("Asia/Kolkata")
            .availability(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "17:00").build())
        .team(FakeTeam.of(SALES_TEAM_ID, SALES_TEAM_SLUG, "Sales Team"))
        .eventType(FakeEventType.builder(INTRO_CALL_ID, "intro-call").title("Intro Call").ownerId(ALICE_ID)
            .lengthInMinutes(30).minimumBookingNotice(60).build())
        .eventType(FakeEventType.builder(CONSULTATION_ID, "consultation").title("Consultation").ownerId(ALICE_ID)
            .lengthInMinutes(60).minimumBookingNotice(120).afterEventBuffer(15).build())
        .eventType(FakeEventType.builder(QUICK_CHAT_ID, "quick-chat").title("Quick Chat").ownerId(ALICE_ID)
            .lengthInMinutes(15).slotInterval(15).bookingLimit(BookingLimitPeriod.PER_DAY, 4).build())
        .eventType(FakeEventType.builder(PRODUCT_DEMO_ID, "product-demo").title("Product Demo").ownerId(BOB_ID)
            .lengthInMinutes(45).slotInterval(15).minimumBookingNotice(60).build())
        .eventType(FakeEventType.builder(MENTORING_ID, "mentoring").title("Mentoring").ownerId(CARLA_ID)
            .lengthInMinutes(30).build())
        .eventType(FakeEventType.builder(SALES_CALL_ID, "sales-call").title("Sales Call")
            .team(SALES_TEAM_ID, FakeSchedulingType.ROUND_ROBIN).hosts(ALICE_ID, BOB_ID).lengthInMinutes(30).build())
        .eventType(FakeEventType.builder(SALES_PANEL_ID, "sales-panel").title("Sales Panel")
            .team(SALES_TEAM_ID, FakeSchedulingType.COLLECTIVE).hosts(ALICE_ID, BOB_ID).lengthInMinutes(30).build())
        .apiKeyUserId(ALICE_ID);
  }
}
