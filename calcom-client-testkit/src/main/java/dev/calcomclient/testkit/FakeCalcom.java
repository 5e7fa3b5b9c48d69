package dev.calcomclient.testkit;

import dev.calcomclient.testkit.internal.Authenticator;
import dev.calcomclient.testkit.internal.FakeDispatcher;
import dev.calcomclient.testkit.internal.FaultInjector;
import dev.calcomclient.testkit.internal.LatencySampler;
import dev.calcomclient.testkit.internal.NoDelayServerSockets;
import dev.calcomclient.testkit.internal.Throttler;
import dev.calcomclient.testkit.internal.TimeScale;
import dev.calcomclient.testkit.internal.Tracker;
import dev.calcomclient.testkit.internal.WebhookDispatcher;
import dev.calcomclient.testkit.internal.WireQuirks;
import dev.calcomclient.testkit.internal.FakeState;
import dev.calcomclient.testkit.internal.Journal;
import dev.calcomclient.testkit.internal.Pipeline;
import dev.calcomclient.testkit.internal.Routes;
import dev.calcomclient.testkit.internal.Stage;
import dev.calcomclient.testkit.internal.Stages;
import dev.calcomclient.testkit.internal.StoredBooking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;

/**
 * A stateful, in-memory fake of the Cal.com API v2 served over HTTP by MockWebServer: users with schedules,
 * teams, event types and bookings; slots are computed from schedules minus bookings; booking a taken slot fails
 * as Cal.com does; cancel and reschedule free and take time. It speaks Cal.com's wire format (success and error
 * envelopes, 200/201, {@code cal-api-version} per resource, API-key and OAuth-client auth, {@code X-Request-Id}).
 *
 * <pre>{@code
 * try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start()) {
 *   String base = fake.baseUrl();          // http://127.0.0.1:PORT, the client appends /v2/...
 *   String key = fake.apiKey();            // Authorization: Bearer <key>
 *   ...
 *   assertThat(fake.bookings()).hasSize(1);
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * {@code GET /v2/slots}, {@code POST|GET|PATCH|DELETE /v2/slots/reservations[/{uid}]} (2024-09-04; another
 * version gets Nest's 404 {@code Cannot GET ...}); {@code POST|GET /v2/bookings}, {@code GET /v2/bookings/{uid}},
 * {@code POST /v2/bookings/{uid}/cancel|reschedule} (2024-08-13 or 2026-02-25; another version gets a 400 that
 * explains the real server would silently use its legacy controller); {@code GET /v2/event-types[/{id}]}
 * (2024-06-14); {@code GET /v2/teams/{teamId}/event-types[/{id}]}; {@code GET /v2/schedules},
 * {@code /v2/schedules/default}, {@code /v2/schedules/{id}} (2024-06-11 or 2024-06-14); {@code GET /v2/me};
 * {@code POST|GET /v2/webhooks}, {@code GET|PATCH|DELETE /v2/webhooks/{webhookId}} (string ids).
 * Anything else is a 404 error envelope.
 *
 * <h2>Slot rules</h2>
 * <ol>
 *   <li>Each host works the intervals of the event type's schedule if set, else of the host's default schedule,
 *       in that schedule's time zone; date overrides replace the weekly hours of their date.</li>
 *   <li>Candidate starts begin at each working interval's start and step by {@code slotInterval} (default: the
 *       length) while {@code start + length <= interval end}.</li>
 *   <li>Starts before {@code now + minimumBookingNotice} are dropped ({@code now} from the injected clock).</li>
 *   <li>A start is dropped when {@code [start - beforeEventBuffer, end + afterEventBuffer]} overlaps an accepted
 *       booking of the host of <em>any</em> event type, whose busy interval includes that booking's own event
 *       type's buffers; unexpired slot reservations also hold their interval for the hosts.</li>
 *   <li>When an event type's booking limit for a day/week/month/year (in its first host's time zone) is reached,
 *       that period has no slots.</li>
 *   <li>Individual event types need their owner (and extra {@code hosts}) free; collective team event types need
 *       every host free, round-robin ones any host.</li>
 *   <li>Slots are grouped by date in the requested {@code timeZone} (default UTC) and formatted with that zone's
 *       offset and milliseconds ({@code 2050-09-05T09:00:00.000+02:00}).</li>
 * </ol>
 * A booking is accepted when its interval satisfies the same rules (it need not lie on the slot grid);
 * reservations do not block bookings.
 *
 * <h2>Request pipeline</h2>
 * Every request passes, in order: journal → error envelope → routing → version check → <b>throttler</b> (Cal.com's
 * rate limit, {@link RateLimitPolicy}; 429 {@code ThrottlerException} and the {@code X-RateLimit-*-Default} headers
 * on every routed response) → <b>fault</b> ({@link #faults()}) → auth → handler (under one lock, so concurrent
 * requests see consistent state) → <b>latency</b> ({@link LatencyProfile}, applied by MockWebServer before the
 * response head is written, so no lock is held while waiting). Unknown routes get Nest's 404 before any guard,
 * as at Cal.com, and are not throttled.
 *
 * <h2>Time scale</h2>
 * {@link Builder#timeScale(double)} compresses rate-limit windows, blocks and latencies: at 60, one simulated
 * minute lasts one second of the clock, and counts, limits and {@code X-RateLimit-Reset-Default} (simulated
 * seconds) are those of the uncompressed run.
 *
 * <h2>Observing</h2>
 * {@link #journal()} / {@link #requests()} (every request with endpoint, hashed credential, redacted headers,
 * status and injected fault; counts per endpoint and window), {@link #rateLimitUsage(String)} (violations and the
 * busiest sliding 60 s window per credential), {@link #duplicateBookings()}, and {@link #webhooks()} (signed
 * {@code BOOKING_CREATED}/{@code _CANCELLED}/{@code _RESCHEDULED} deliveries; also created through
 * {@code POST /v2/webhooks}).
 */
public final class FakeCalcom implements AutoCloseable {
  /** The API key accepted unless another is configured. */
  public static final String DEFAULT_API_KEY = "cal_test_fakecalcom_key";
  /** The OAuth client id accepted unless another is configured. */
  public static final String DEFAULT_OAUTH_CLIENT_ID = "fakecalcom-oauth-client";
  /** The OAuth client secret accepted unless another is configured. */
  public static final String DEFAULT_OAUTH_CLIENT_SECRET = "fakecalcom-oauth-secret";

  /** How many requests the journal keeps unless {@link Builder#journalCapacity(int)} says otherwise. */
  public static final int DEFAULT_JOURNAL_CAPACITY = 20_000;

  private final Builder seed;
  private final Clock clock;
  private final FakeState state = new FakeState();
  private final Journal journal;
  private final Routes routes;
  private final TimeScale time;
  private final Throttler throttler;
  private final FaultInjector faults;
  private final WebhookDispatcher webhooks;
  private final MockWebServer server = new MockWebServer();
  private boolean started;
  private boolean closed;

  private FakeCalcom(Builder builder) {
    this.seed = builder.copy();
    this.clock = builder.clock;
    this.time = new TimeScale(clock, builder.timeScale);
    this.journal = new Journal(builder.journalCapacity);
    this.throttler = new Throttler(builder.rateLimit, time);
    this.faults = new FaultInjector(builder.faultSeed);
    this.webhooks = new WebhookDispatcher(state, clock);
    this.routes = new Routes(state, clock, webhooks);
    Supplier<Clock> clockSupplier = () -> clock;
    List<Stage> stages = new ArrayList<>(List.of(
        Stages.journal(journal),
        Stages.errorEnvelope(clockSupplier),
        Stages.routing(routes.routes()),
        Stages.version(),
        Stages.throttle(throttler),
        Stages.faults(faults, builder.rateLimit.blockDuration().toSeconds()),
        Stages.auth(new Authenticator(state)),
        Stages.handler(state.lock())));
    if (builder.wireQuirks) {
      stages.add(1, new WireQuirks()); // inside the journal, which records what was really sent
      webhooks.wireQuirks(true);
    }
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(new FakeDispatcher(new Pipeline(stages), clock, new LatencySampler(builder.latency, time),
        this::drainRecordedRequests));
    applySeed();
  }

  /**
   * A builder with no data, the default API key and OAuth client, and the system UTC clock.
   *
   * @return a builder with no data, the default API key and OAuth client, and the system UTC clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts serving on a free loopback port; idempotent. Returns {@code this}.
   *
   * @return the fake calcom
   */
  public synchronized FakeCalcom start() {
    if (closed) {
      throw new IllegalStateException("FakeCalcom was closed; build a new one");
    }
    if (!started) {
      try {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start FakeCalcom", e);
      }
      started = true;
    }
    return this;
  }

  /** Stops serving. */
  @Override
  public synchronized void close() {
    closed = true;
    webhooks.close();
    server.close();
  }

  /**
   * {@code http://127.0.0.1:PORT} (no trailing slash; clients append {@code /v2/...}).
   *
   * @return {@code http://127.0.0.1:PORT} (no trailing slash; clients append {@code /v2/...})
   */
  public String baseUrl() {
    if (!started) {
      throw new IllegalStateException("call start() before baseUrl()");
    }
    return "http://127.0.0.1:" + server.getPort();
  }

  /**
   * The primary API key (send as {@code Authorization: Bearer <key>}).
   *
   * @return the primary API key (send as {@code Authorization: Bearer <key>})
   */
  public String apiKey() {
    return seed.apiKey;
  }

  /**
   * The OAuth client id accepted in {@code x-cal-client-id}.
   *
   * @return the OAuth client id accepted in {@code x-cal-client-id}
   */
  public String oauthClientId() {
    return seed.oauthClientId;
  }

  /**
   * The OAuth client secret accepted in {@code x-cal-secret-key}.
   *
   * @return the OAuth client secret accepted in {@code x-cal-secret-key}
   */
  public String oauthClientSecret() {
    return seed.oauthClientSecret;
  }

  /**
   * The clock every time read of the fake goes through.
   *
   * @return the clock every time read of the fake goes through
   */
  public Clock clock() {
    return clock;
  }

  // ---- runtime seeding ---------------------------------------------------------------------------------------

  /**
   * Adds or replaces a user.
   *
   * @param user the user
   * @return the fake user
   */
  public FakeUser addUser(FakeUser user) {
    return locked(() -> {
      state.putUser(user);
      return user;
    });
  }

  /**
   * Adds or replaces a schedule.
   *
   * @param schedule the schedule
   * @return the fake schedule
   */
  public FakeSchedule addSchedule(FakeSchedule schedule) {
    return locked(() -> {
      state.putSchedule(schedule);
      return schedule;
    });
  }

  /**
   * Adds or replaces a team.
   *
   * @param team the team
   * @return the fake team
   */
  public FakeTeam addTeam(FakeTeam team) {
    return locked(() -> {
      state.putTeam(team);
      return team;
    });
  }

  /**
   * Adds or replaces an event type.
   *
   * @param eventType the event type
   * @return the fake event type
   */
  public FakeEventType addEventType(FakeEventType eventType) {
    return locked(() -> {
      state.putEventType(eventType);
      return eventType;
    });
  }

  /**
   * Accepts another API key, belonging to {@code userId}.
   *
   * @param key the key
   * @param userId the user ID
   */
  public void addApiKey(String key, long userId) {
    locked(() -> {
      state.putApiKey(key, userId);
      return null;
    });
  }

  /**
   * Creates an accepted booking directly, without availability, notice or limit checks (test setup: "this time is
   * already taken"). Hosts are assigned as a real booking would be when possible.
   *
   * @param eventTypeId the event type ID
   * @param start the start
   * @param attendeeName the attendee name
   * @param attendeeEmail the attendee email
   * @return the fake booking
   */
  public FakeBooking seedBooking(long eventTypeId, Instant start, String attendeeName, String attendeeEmail) {
    return locked(() -> {
      FakeEventType eventType = state.eventTypes().stream().filter(e -> e.id() == eventTypeId).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no event type with id " + eventTypeId));
      return routes.seedBooking(eventType, start, attendeeName, attendeeEmail);
    });
  }

  // ---- inspection --------------------------------------------------------------------------------------------

  /**
   * The truth about availability: the starts {@code GET /v2/slots} would offer for the event type (its default
   * length) with start in {@code [from, to]}, at this instant. Computed directly, so it is not a request: not
   * journaled, not throttled, never faulted. Oracles compare the client's answers with it.
   *
   * @param eventTypeId the event type
   * @param from the earliest start
   * @param to the latest start
   * @return the bookable starts, ascending
   * @throws IllegalArgumentException when there is no event type with that id
   */
  public List<Instant> availableStarts(long eventTypeId, Instant from, Instant to) {
    return locked(() -> {
      FakeEventType eventType = state.eventTypes().stream().filter(e -> e.id() == eventTypeId).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no event type with id " + eventTypeId));
      return routes.slots(eventType, from, to, clock.instant());
    });
  }

  /**
   * The truth about availability had only some bookings been made: the starts {@link #availableStarts(long,
   * Instant, Instant)} would offer at this instant if the bookings {@code counted} rejects did not exist (they
   * neither occupy their hosts' time nor count towards a booking limit; reservations still do). An oracle asks it
   * whether the bookings a client knew of were enough to take a time: for a round-robin event type one free host
   * keeps a time bookable, and a booking's buffers take time beyond its own interval.
   *
   * @param eventTypeId the event type
   * @param from the earliest start
   * @param to the latest start
   * @param counted which bookings (of any status; only those that occupy time matter) to take into account
   * @return the starts bookable with only those bookings, ascending
   * @throws IllegalArgumentException when there is no event type with that id
   */
  public List<Instant> availableStarts(long eventTypeId, Instant from, Instant to, Predicate<FakeBooking> counted) {
    Objects.requireNonNull(counted, "counted");
    return locked(() -> {
      FakeEventType eventType = state.eventTypes().stream().filter(e -> e.id() == eventTypeId).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no event type with id " + eventTypeId));
      return routes.slots(eventType, from, to, clock.instant(), counted);
    });
  }

  /**
   * All bookings (any status), in creation order.
   *
   * @return the bookings
   */
  public List<FakeBooking> bookings() {
    return locked(() -> state.bookings().stream().map(StoredBooking::toView).toList());
  }

  /**
   * The booking with this uid.
   *
   * @param uid the uid
   * @return the booking with this uid
   */
  public Optional<FakeBooking> booking(String uid) {
    return bookings().stream().filter(b -> b.uid().equals(uid)).findFirst();
  }

  /**
   * The users currently known.
   *
   * @return the users currently known
   */
  public List<FakeUser> users() {
    return locked(state::users);
  }

  /**
   * The event types currently known.
   *
   * @return the event types currently known
   */
  public List<FakeEventType> eventTypes() {
    return locked(state::eventTypes);
  }

  /**
   * Number of requests served since start or the last {@link #reset()} / {@link #clearJournal()}, including those
   * that rolled off the journal (see {@link Builder#journalCapacity(int)}).
   *
   * @return the request count
   */
  public int requestCount() {
    return (int) Math.min(journal.recorded(), Integer.MAX_VALUE);
  }

  /**
   * How many requests rolled off the journal since start or the last clear: non-zero means {@link #journal()} and
   * {@link #requests()} hold only the most recent {@link Builder#journalCapacity(int)} requests.
   *
   * @return the requests dropped from journal
   */
  public long requestsDroppedFromJournal() {
    return journal.recorded() - journal.size();
  }

  /**
   * MockWebServer keeps every request it receives until a test takes it; the fake records its own journal, so it
   * drops MockWebServer's copies as it goes (otherwise they would pile up for the life of the fake).
   */
  private void drainRecordedRequests() {
    try {
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // dropped: the journal has what tests need
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The requests served, oldest first (the most recent {@link Builder#journalCapacity(int)} of them).
   *
   * @return the journal
   */
  public List<RecordedCall> journal() {
    return journal.snapshot();
  }

  /** Forgets the recorded requests. */
  public void clearJournal() {
    journal.clear();
  }

  /**
   * The journal with counts per endpoint and per window (simulated time).
   *
   * @return the journal with counts per endpoint and per window (simulated time)
   */
  public RequestJournal requests() {
    return new RequestJournal(journal.snapshot(), time);
  }

  /**
   * Groups of bookings that share event type, start and attendee email (any status), i.e. the same booking made
   * more than once: what a client that blindly retries a booking whose response it never saw produces.
   *
   * @return groups of bookings that share event type, start and attendee email (any status), i.e
   */
  public List<List<FakeBooking>> duplicateBookings() {
    Map<List<Object>, List<FakeBooking>> groups = new LinkedHashMap<>();
    for (FakeBooking b : bookings()) {
      groups.computeIfAbsent(Arrays.asList(b.eventTypeId(), b.start(), b.attendeeEmail()), k -> new ArrayList<>())
          .add(b);
    }
    return groups.values().stream().filter(g -> g.size() > 1).map(List::copyOf).toList();
  }

  // ---- rate limit, faults, webhooks --------------------------------------------------------------------------

  /**
   * What the throttler saw from one credential: an API key or access token (as sent after {@code Bearer }) or an
   * OAuth client id. A credential that sent nothing has zero counts.
   *
   * @param credential the credential
   * @return what the throttler saw from one credential: an API key or access token (as sent after {@code Bearer }) or
   *     an OAuth client id
   */
  public RateLimitUsage rateLimitUsage(String credential) {
    for (Tracker t : Tracker.candidates(credential)) {
      RateLimitUsage usage = throttler.usage(t.id());
      if (usage != null) {
        return usage;
      }
    }
    Tracker t = Tracker.bearer(credential);
    return new RateLimitUsage(t.id(), throttler.limitFor(t), 0, 0, 0);
  }

  /**
   * What the throttler saw from every credential (anonymous callers as {@code ip_<address>}).
   *
   * @return what the throttler saw from every credential (anonymous callers as {@code ip_<address>})
   */
  public List<RateLimitUsage> rateLimitUsages() {
    return throttler.usages();
  }

  /**
   * The fault plan, changeable while the fake runs.
   *
   * @return the fault plan, changeable while the fake runs
   */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * Webhook subscriptions and deliveries.
   *
   * @return webhook subscriptions and deliveries
   */
  public Webhooks webhooks() {
    return webhooks;
  }

  /**
   * Simulated seconds per clock second (see {@link Builder#timeScale(double)}).
   *
   * @return simulated seconds per clock second (see {@link Builder#timeScale(double)})
   */
  public double timeScale() {
    return time.factor();
  }

  /** Restores the data given to the builder (runtime additions and all bookings are dropped) and clears the journal. */
  public void reset() {
    locked(() -> {
      state.clear();
      applySeed();
      return null;
    });
    journal.clear();
    throttler.reset();
    faults.clear();
    webhooks.reset();
  }

  private void applySeed() {
    locked(() -> {
      seed.users.values().forEach(state::putUser);
      seed.schedules.values().forEach(state::putSchedule);
      seed.teams.values().forEach(state::putTeam);
      seed.eventTypes.values().forEach(state::putEventType);
      state.putApiKey(seed.apiKey, seed.apiKeyUserId);
      seed.extraApiKeys.forEach(state::putApiKey);
      state.putOAuthClient(new FakeState.OAuthClient(seed.oauthClientId, seed.oauthClientSecret, seed.apiKeyUserId));
      for (Builder.BookingSeed b : seed.bookings) {
        routes.seedBooking(seed.eventTypes.get(b.eventTypeId()), b.start(), b.attendeeName(), b.attendeeEmail());
      }
      return null;
    });
  }

  private <T> T locked(Supplier<T> action) {
    state.lock().lock();
    try {
      return action.get();
    } finally {
      state.lock().unlock();
    }
  }

  @Override
  public String toString() {
    return "FakeCalcom{" + (started ? baseUrl() : "not started") + "}";
  }

  /** Configures a {@link FakeCalcom}; {@link #build()} validates that all references resolve. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String apiKey = DEFAULT_API_KEY;
    private Long apiKeyUserId;
    private String oauthClientId = DEFAULT_OAUTH_CLIENT_ID;
    private String oauthClientSecret = DEFAULT_OAUTH_CLIENT_SECRET;
    private final Map<String, Long> extraApiKeys = new LinkedHashMap<>();
    private final Map<Long, FakeUser> users = new LinkedHashMap<>();
    private final Map<Long, FakeSchedule> schedules = new LinkedHashMap<>();
    private final Map<Long, FakeTeam> teams = new LinkedHashMap<>();
    private final Map<Long, FakeEventType> eventTypes = new LinkedHashMap<>();
    private final List<BookingSeed> bookings = new ArrayList<>();
    private double timeScale = 1.0;
    private RateLimitPolicy rateLimit = RateLimitPolicy.calcomDefaults();
    private LatencyProfile latency = LatencyProfile.none();
    private long faultSeed = 1L;
    private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;
    private boolean wireQuirks;

    private record BookingSeed(long eventTypeId, Instant start, String attendeeName, String attendeeEmail) {}

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.clock = clock;
      b.apiKey = apiKey;
      b.apiKeyUserId = apiKeyUserId;
      b.oauthClientId = oauthClientId;
      b.oauthClientSecret = oauthClientSecret;
      b.extraApiKeys.putAll(extraApiKeys);
      b.users.putAll(users);
      b.schedules.putAll(schedules);
      b.teams.putAll(teams);
      b.eventTypes.putAll(eventTypes);
      b.bookings.addAll(bookings);
      b.timeScale = timeScale;
      b.rateLimit = rateLimit;
      b.latency = latency;
      b.faultSeed = faultSeed;
      b.journalCapacity = journalCapacity;
      b.wireQuirks = wireQuirks;
      return b;
    }

    /**
     * Seeds the dataset described in {@link DefaultDataset} (3 users, a team, 7 event types).
     *
     * @return this builder
     */
    public Builder withDefaultData() {
      DefaultDataset.seed(this);
      return this;
    }

    /**
     * The clock for every time read (minimum notice, createdAt, reservations); default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The primary API key (default {@link #DEFAULT_API_KEY}).
     *
     * @param apiKey the API key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * The user the primary API key and the OAuth client belong to (default: the first user).
     *
     * @param userId the user ID
     * @return this builder
     */
    public Builder apiKeyUserId(long userId) {
      this.apiKeyUserId = userId;
      return this;
    }

    /**
     * Accepts another API key, belonging to {@code userId}.
     *
     * @param apiKey the API key
     * @param userId the user ID
     * @return this builder
     */
    public Builder addApiKey(String apiKey, long userId) {
      extraApiKeys.put(Objects.requireNonNull(apiKey, "apiKey"), userId);
      return this;
    }

    /**
     * The accepted OAuth client pair (headers {@code x-cal-client-id} and {@code x-cal-secret-key}).
     *
     * @param clientId the client ID
     * @param secret the secret
     * @return this builder
     */
    public Builder oauthClient(String clientId, String secret) {
      this.oauthClientId = Objects.requireNonNull(clientId, "clientId");
      this.oauthClientSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * Adds a user (replacing one with the same id).
     *
     * @param user the user
     * @return this builder
     */
    public Builder user(FakeUser user) {
      users.put(user.id(), user);
      return this;
    }

    /**
     * Adds a schedule (replacing one with the same id).
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder schedule(FakeSchedule schedule) {
      schedules.put(schedule.id(), schedule);
      return this;
    }

    /**
     * Adds a team (replacing one with the same id).
     *
     * @param team the team
     * @return this builder
     */
    public Builder team(FakeTeam team) {
      teams.put(team.id(), team);
      return this;
    }

    /**
     * Adds an event type (replacing one with the same id).
     *
     * @param eventType the event type
     * @return this builder
     */
    public Builder eventType(FakeEventType eventType) {
      eventTypes.put(eventType.id(), eventType);
      return this;
    }

    /**
     * Adds an accepted booking created without availability checks (see {@link FakeCalcom#seedBooking}).
     *
     * @param eventTypeId the event type ID
     * @param start the start
     * @param attendeeName the attendee name
     * @param attendeeEmail the attendee email
     * @return this builder
     */
    public Builder booking(long eventTypeId, Instant start, String attendeeName, String attendeeEmail) {
      bookings.add(new BookingSeed(eventTypeId, start, attendeeName, attendeeEmail));
      return this;
    }

    /**
     * Compresses time for rate limiting and latency: {@code factor} simulated seconds pass per second of the clock.
     * At 60 a 60 s rate-limit window and block last 1 s of clock time and every latency is 60 times shorter, while
     * limits, counts and the {@code X-RateLimit-Reset-Default} seconds stay those of the simulated minute, so a test
     * gives the same counts at any scale. Slot and booking times (minimum notice, reservations) are not scaled.
     * Default 1.
     *
     * @param factor the factor
     * @return this builder
     */
    public Builder timeScale(double factor) {
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("timeScale must be a positive finite number, was " + factor);
      }
      this.timeScale = factor;
      return this;
    }

    /**
     * How requests are throttled (default {@link RateLimitPolicy#calcomDefaults()}: 120 per 60 s per API key).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder rateLimit(RateLimitPolicy policy) {
      this.rateLimit = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Response latencies (default {@link LatencyProfile#none()}; {@link LatencyProfile#calcomLike()} for load tests).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder latency(LatencyProfile profile) {
      this.latency = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * How many requests the journal keeps (default {@value FakeCalcom#DEFAULT_JOURNAL_CAPACITY}): beyond that the
     * oldest roll off, so a long test run or load scenario does not grow without bound (a recorded request takes
     * about 2 KB). {@link FakeCalcom#requestCount()} still counts every request.
     *
     * @param capacity the number of requests kept; positive
     * @return this builder
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    public Builder journalCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("journalCapacity must be positive, was " + capacity);
      }
      this.journalCapacity = capacity;
      return this;
    }

    /**
     * Keeps every request in the journal, for runs that analyse the whole journal afterwards (load scenarios).
     *
     * @return this builder
     */
    public Builder keepEntireJournal() {
      this.journalCapacity = Integer.MAX_VALUE;
      return this;
    }

    /**
     * Seed of the generator behind {@link FaultPlan#randomly} rules (default 1).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder faultSeed(long seed) {
      this.faultSeed = seed;
      return this;
    }

    /**
     * Sends the odd shapes Cal.com's document allows and its servers send, so tests see what Cal.com sends rather
     * than what the client expects: numbers typed {@code {type: object, nullable}} by the document sent as
     * {@code {}} where they have no value ({@code seatsPerTimeSlot}, {@code slotInterval}, and on team event types
     * {@code ownerId}, {@code parentEventTypeId}), unknown fields on every answer and element, unknown enum values
     * in open sets (a location type, a booking field type). Values a client relies on are never changed. Off by
     * default.
     *
     * @return this builder
     */
    public Builder withWireQuirks() {
      this.wireQuirks = true;
      return this;
    }

    /**
     * Builds the fake (not yet started); fails when a reference does not resolve.
     *
     * @return the fake, not yet started
     */
    public FakeCalcom build() {
      List<String> problems = new ArrayList<>();
      for (FakeUser u : users.values()) {
        if (u.defaultScheduleId() != null && !schedules.containsKey(u.defaultScheduleId())) {
          problems.add("user " + u.id() + " has defaultScheduleId " + u.defaultScheduleId()
              + " but no such schedule was added");
        }
      }
      for (FakeSchedule s : schedules.values()) {
        if (!users.containsKey(s.ownerId())) {
          problems.add("schedule " + s.id() + " is owned by unknown user " + s.ownerId());
        }
      }
      Set<String> slugs = new LinkedHashSet<>();
      for (FakeEventType e : eventTypes.values()) {
        for (long host : e.hostIds()) {
          if (!users.containsKey(host)) {
            problems.add("event type " + e.id() + " refers to unknown user " + host);
          }
        }
        if (e.teamId() != null && !teams.containsKey(e.teamId())) {
          problems.add("event type " + e.id() + " refers to unknown team " + e.teamId());
        }
        if (e.scheduleId() != null && !schedules.containsKey(e.scheduleId())) {
          problems.add("event type " + e.id() + " refers to unknown schedule " + e.scheduleId());
        }
        String owner = e.isTeamEvent() ? "team " + e.teamId() : "user " + e.ownerId();
        if (!slugs.add(owner + "/" + e.slug())) {
          problems.add("slug '" + e.slug() + "' is used twice by " + owner);
        }
      }
      if (apiKeyUserId != null && !users.containsKey(apiKeyUserId)) {
        problems.add("apiKeyUserId " + apiKeyUserId + " is not a seeded user");
      }
      extraApiKeys.forEach((key, user) -> {
        if (!users.containsKey(user)) {
          problems.add("an extra API key belongs to unknown user " + user);
        }
      });
      for (BookingSeed b : bookings) {
        if (!eventTypes.containsKey(b.eventTypeId())) {
          problems.add("a seeded booking refers to unknown event type " + b.eventTypeId());
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid FakeCalcom seed data: " + String.join("; ", problems));
      }
      return new FakeCalcom(this);
    }
  }
}
