package dev.calcomclient.examples.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Writes {@code summary.json} and {@code report.md}, and renders the console table. */
final class Report {
  private final LoadScenarios.Options options;
  private final List<ScenarioOutcome> outcomes;
  private final double wallSeconds;

  Report(LoadScenarios.Options options, List<ScenarioOutcome> outcomes, double wallSeconds) {
    this.options = options;
    this.outcomes = outcomes;
    this.wallSeconds = wallSeconds;
  }

  Map<String, Object> summary() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("seed", options.seed());
    root.put("time_scale", options.timeScale());
    root.put("multi_instance_time_scale", options.multiInstanceTimeScale());
    root.put("short", options.shortRun());
    root.put("exit_policy", options.policy().name());
    root.put("features_available", Feature.AVAILABLE.stream().map(Enum::name).toList());
    root.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
    Map<String, Object> scenarios = new LinkedHashMap<>();
    for (ScenarioOutcome o : outcomes) {
      Map<String, Object> s = new LinkedHashMap<>();
      if (!o.ran()) {
        s.put("status", "not run");
        s.put("reason", o.notRunReason());
        s.put("requires", o.notRunRequires().stream().map(Enum::name).toList());
      } else {
        s.put("status", "run");
        s.put("title", o.spec().title());
        s.put("users", o.spec().users());
        s.put("time_scale", o.timeScale());
        if (o.sharedLayers() != null) {
          s.put("shared_layers", o.sharedLayers());
        }
        s.put("simulated_minutes", Math.round(o.calcom().simulatedSeconds / 6.0) / 10.0);
        s.put("wall_seconds", Math.round(o.wallSeconds() * 10) / 10.0);
        for (SideResult r : o.sides()) {
          s.put(r.client, r.toJson(options.policy(), !r.client.equals(ScenarioRunner.CALCOM)));
        }
      }
      scenarios.put(o.spec().name(), s);
    }
    root.put("scenarios", scenarios);
    return root;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("summary.json").toFile(), summary());
    Files.writeString(dir.resolve("report.md"), markdown());
    Files.writeString(dir.resolve("comparison.md"), comparison());
  }

  /** The figures of the three-client comparison (issue 17), one row each. */
  private static final List<Row> COMPARISON_ROWS = List.of(
      new Row("upstream requests", r -> Integer.toString(r.upstreamRequests)),
      new Row("429 answers", r -> Long.toString(r.requests429)),
      new Row("max requests in any 60 s (limit 120)", r -> Integer.toString(r.maxRequestsAnyWindow)),
      new Row("hit ratio", r -> pct(r.hitRatio)),
      new Row("stale offers", r -> str(r.staleOffers)),
      new Row("offers in the bus window; bus median / max", Report::busWindow),
      new Row("missed offers (share of the fake's)", Report::missed),
      new Row("p95 availability / booking / alternatives ms", r -> ms(r.percentile(Op.AVAILABILITY, 95)) + " / "
          + ms(r.percentile(Op.BOOK, 95)) + " / " + ms(r.percentile(Op.ALTERNATIVES, 95))),
      new Row("failures", r -> r.failures + " of " + r.operations + " (" + pct(r.failureRate()) + ")"),
      new Row("upstream per saturated minute (median; minutes)", Report::saturation),
      new Row("local refusals by operation", r -> refusals(r.localRefusalsByOperation)),
      new Row("refused while the cache held the days", r -> str(r.refusedWhileCached)),
      new Row("stale answers under overload", r -> str(r.staleAnswersUnderOverload)));

  /**
   * The three clients side by side per scenario, as markdown ready to paste into docs/PERFORMANCE.md (also written
   * as {@code comparison.md}).
   */
  String comparison() {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Seed %d, time scale %s (several instances: %s)%s.%n%n", options.seed(),
        Criteria.fmt(options.timeScale()), Criteria.fmt(options.multiInstanceTimeScale()),
        options.shortRun() ? ", short (CI) variant" : ""));
    for (ScenarioOutcome o : outcomes) {
      md.append("#### ").append(o.spec().name()).append("\n\n");
      if (!o.ran()) {
        md.append("Not run: ").append(o.notRunReason()).append("\n\n");
        continue;
      }
      md.append("| figure |");
      o.sides().forEach(r -> md.append(' ').append(r.client).append(r.instances > 1 ? " (" + r.instances
          + " instances)" : "").append(" |"));
      md.append("\n| --- | --- | --- | --- |\n");
      for (Row row : COMPARISON_ROWS) {
        md.append("| ").append(row.label()).append(" |");
        o.sides().forEach(r -> md.append(' ').append(row.value().apply(r)).append(" |"));
        md.append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  /**
   * Offers in the cross-instance window and the bus's delivery delay (simulated s, wall ms), or "-" with one
   * instance.
   */
  private static String busWindow(SideResult r) {
    if (r.offersInBusWindow == null) {
      return "-";
    }
    return r.offersInBusWindow + "; delivery " + delays(r.busDelivery) + "; publish after the booking "
        + delays(r.publishAfterBooking);
  }

  private static String delays(Map<String, Object> d) {
    return d == null || d.isEmpty() ? "-" : d.get("median_sim_s") + " / " + d.get("max_sim_s") + " s simulated ("
        + d.get("median_wall_ms") + " / " + d.get("max_wall_ms") + " ms wall)";
  }

  private static String missed(SideResult r) {
    return r.missedOffers == null ? "-" : r.missedOffers + " (" + pct(r.missedOffersRatio()) + ")";
  }

  private static String saturation(SideResult r) {
    return r.upstreamPerMinuteWhenSaturated == null ? "- (0)"
        : Criteria.fmt(r.upstreamPerMinuteWhenSaturated) + " (" + r.saturatedMinutes.size() + ")";
  }

  private static String refusals(Map<String, Long> byOp) {
    if (byOp.isEmpty()) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    byOp.forEach((op, n) -> parts.add(op + " " + n));
    return String.join(", ", parts);
  }

  private static final List<Row> ROWS = List.of(
      new Row("upstream requests", r -> Integer.toString(r.upstreamRequests)),
      new Row("429 answers", r -> Long.toString(r.requests429)),
      new Row("key blocked (times)", r -> Integer.toString(r.rateLimitBlocks)),
      new Row("max requests in any 60 s (limit)", r -> r.maxRequestsAnyWindow + " (" + r.limit + ")"),
      new Row("instances", r -> Integer.toString(r.instances)),
      new Row("logical availability reads", r -> Long.toString(r.logicalReads)),
      new Row("hit ratio", r -> pct(r.hitRatio)),
      new Row("hit ratio first / last minute", r -> pct(r.hitRatioFirstMinute) + " / " + pct(r.hitRatioLastMinute)),
      new Row("duplicate calls prevented", r -> pct(r.duplicatesPrevented)),
      new Row("alternatives: max upstream calls per search (journal; client-reported)",
          r -> str(r.alternativesUpstreamMax) + (r.alternativesUpstreamMaxClientReported == null ? ""
              : "; " + r.alternativesUpstreamMaxClientReported)),
      new Row("keys invalidated per booking (median)", r -> str(r.keysInvalidatedPerBookingMedian)),
      new Row("availability p50 / p95 ms", r -> ms(r.percentile(Op.AVAILABILITY, 50)) + " / "
          + ms(r.percentile(Op.AVAILABILITY, 95))),
      new Row("booking p50 / p95 ms", r -> ms(r.percentile(Op.BOOK, 50)) + " / " + ms(r.percentile(Op.BOOK, 95))),
      new Row("alternatives p50 / p95 ms", r -> ms(r.percentile(Op.ALTERNATIVES, 50)) + " / "
          + ms(r.percentile(Op.ALTERNATIVES, 95))),
      new Row("operations / failures", r -> r.operations + " / " + r.failures + " (" + pct(r.failureRate()) + ")"),
      new Row("bookings acknowledged / created upstream / lost", r -> r.bookingsAcknowledged + " / "
          + r.bookingsCreatedUpstream + " / " + str(r.bookingsLost)),
      new Row("stale offers", r -> str(r.staleOffers)),
      new Row("offers in the bus window; bus median / max", Report::busWindow),
      new Row("missed offers (share of the fake's offers)", Report::missed),
      new Row("upstream per saturated minute: median (minutes)", Report::saturation),
      new Row("local refusals by operation", r -> refusals(r.localRefusalsByOperation)),
      new Row("local refusals while the cache held the days", r -> str(r.refusedWhileCached)),
      new Row("stale answers under overload", r -> str(r.staleAnswersUnderOverload)),
      new Row("stale reads (after delivery)", r -> str(r.staleReads)),
      new Row("stale reads during the outage", r -> str(r.staleReadsDuringOutage)),
      new Row("backlog: tags queued / delivery ms (wall)", r -> str(r.backlogTagsAtRestore) + " / "
          + (r.backlogDeliveryMs == null ? "-" : String.format(Locale.ROOT, "%.1f", r.backlogDeliveryMs))),
      new Row("breaker opens", r -> Long.toString(r.breakerOpens)),
      new Row("all criteria met", r -> r.allCriteriaPassed() ? "yes" : "no"));

  private record Row(String label, Function<SideResult, String> value) {}

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Load scenarios: naive client, generic stack and calcom-client\n\n");
    md.append("Generated ").append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(" by `dev.calcomclient.examples.load.LoadScenarios`.\n\n");
    md.append("- random seed: **").append(options.seed()).append("**, time scale: **")
        .append(Criteria.fmt(options.timeScale())).append("** simulated seconds per wall second")
        .append(" (scenarios with several instances: **").append(Criteria.fmt(options.multiInstanceTimeScale()))
        .append("**)")
        .append(options.shortRun() ? ", **short (CI) variant**" : "").append('\n');
    md.append("- wall time of the whole run: ").append(String.format(Locale.ROOT, "%.1f s", wallSeconds)).append('\n');
    md.append("- exit policy: `").append(options.policy()).append("`; calcom-client features present: ")
        .append(Feature.AVAILABLE).append('\n');
    md.append("- the naive client and calcom-client run at the same time, generic-stack after them on the same traffic;")
        .append(" each against its own FakeCalcom (Cal.com's limit of 120 requests")
        .append(" per 60 s per key with a 60 s block, latencies slots 300-800 ms and bookings 1.5-5 s,")
        .append(" log-normal)\n\n");
    md.append(summaryTable()).append('\n');
    md.append("## The three clients side by side\n\n").append(comparison());
    for (ScenarioOutcome o : outcomes) {
      md.append("## ").append(o.spec().name()).append(": ").append(o.spec().title()).append("\n\n");
      if (!o.ran()) {
        md.append("**Not run:** ").append(o.notRunReason()).append("\n\n");
        continue;
      }
      ScenarioSpec s = o.spec();
      md.append(String.format(Locale.ROOT, "%d user(s), %.1f simulated minutes at x%s, %.1f s wall.", s.users(),
          o.calcom().simulatedSeconds / 60, Criteria.fmt(o.timeScale()), o.wallSeconds()));
      if (o.sharedLayers() != null) {
        md.append(" calcom-client: ").append(o.calcom().instances).append(" instances on one key sharing layers")
            .append(" through ").append(o.sharedLayers()).append('.');
      }
      md.append("\n\n");
      md.append("| figure | naive | generic-stack | calcom-client |\n| --- | --- | --- | --- |\n");
      for (Row row : ROWS) {
        md.append("| ").append(row.label()).append(" | ").append(row.value().apply(o.naive())).append(" | ")
            .append(row.value().apply(o.generic())).append(" | ").append(row.value().apply(o.calcom()))
            .append(" |\n");
      }
      md.append("\n**Criteria** (only calcom-client's can fail the run; the other columns are baselines)\n\n");
      md.append("| criterion | target | source | calcom-client | status | enforced | generic-stack | naive |\n");
      md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
      for (int i = 0; i < o.calcom().criteria.size(); i++) {
        Criterion c = o.calcom().criteria.get(i);
        Criterion g = o.generic().criteria.get(i);
        Criterion n = o.naive().criteria.get(i);
        md.append("| ").append(c.name()).append(" | ").append(c.target()).append(" | ").append(c.source())
            .append(" | ").append(value(c)).append(" | ").append(status(c)).append(" | ")
            .append(options.policy().enforces(c) ? "yes" : "no: needs " + c.missingFeatures().stream()
                .map(Feature::description).toList())
            .append(" | ").append(value(g)).append(" ").append(status(g))
            .append(" | ").append(value(n)).append(" ").append(status(n)).append(" |\n");
      }
      List<String> notes = new ArrayList<>();
      for (Criterion c : o.calcom().criteria) {
        if (c.note() != null) {
          notes.add("- `" + c.name() + "`: " + c.note());
        }
      }
      JournalAnalysis.SlotRequestAccount account = o.calcom().slotRequestAccount;
      long expired = account == null ? 0 : account.causes().getOrDefault("expired_or_refreshed", 0L);
      if (expired > 0) {
        StringBuilder ages = new StringBuilder();
        account.expiredByAge().forEach((bin, n) -> {
          if (n > 0) {
            ages.append(ages.length() == 0 ? "" : ", ").append(bin).append(' ').append(n);
          }
        });
        notes.add("- upstream slot requests without a booking since the day's last fetch (`expired_or_refreshed`, "
            + expired + "), by the age of the oldest day fetched again (simulated seconds since its last fetch; the"
            + " windows are where core's default TTLs refresh ahead): " + ages + "; of them " + account
            .expiredWeekendOnly() + " fetched only UTC Saturdays or Sundays again (no working hours for any host of"
            + " the default dataset), and " + account.expiredEarlyAfterSpan() + " fetched again, under 96 s after"
            + " an alternatives span (a request of more than 2 UTC days) had fetched them, only such days");
      }
      if (!notes.isEmpty()) {
        md.append('\n').append(String.join("\n", notes)).append('\n');
      }
      md.append('\n');
      for (String chart : o.charts()) {
        md.append("![").append(chart).append("](").append(chart).append(")\n\n");
      }
      if (!o.calcom().statsReports.isEmpty()) {
        md.append("<details><summary>calcom-client's own view: <code>client.stats().toReport()</code> per instance")
            .append(" (not used for the figures above)</summary>\n\n");
        for (int i = 0; i < o.calcom().statsReports.size(); i++) {
          md.append("Instance ").append(i).append(":\n\n```\n").append(o.calcom().statsReports.get(i).strip())
              .append("\n```\n\n");
        }
        md.append("</details>\n\n");
      }
    }
    md.append("## How the figures are computed\n\n");
    md.append("""
        - **Upstream requests, 429s, max in any 60 s window, duplicate calls, hit ratio, miss causes** come from each \
        fake's request journal (what reached "Cal.com"), not from the clients' counters. Times are simulated: \
        (arrival - scenario start) x time scale. The fake's own throttler counts are in `summary.json` as a \
        cross-check. The backlog scenario's truth probe (the harness asking the fake, with its own key) is left out.
        - **Hit ratio** = 1 - (upstream `GET /v2/slots` answered 2xx / logical availability reads answered). A \
        logical read is one user operation that needs free slots: an availability check, the check before a \
        booking, an alternatives search (one read, although the PHP gateway's finder makes four lookups for it). The \
        demand is the same for both clients; every upstream slot request counts, refresh-ahead and span fetches \
        included. Per simulated minute for the hit-ratio chart.
        - **Upstream slot requests by cause** (calcom-client): per UTC day a request covered, the day had never been \
        fetched (`first_fill`), or a booking on it of an event type sharing a host was answered since its last \
        fetch started (`after_booking`: the client drops such a day, including a fill fetched while the create was \
        in flight), or neither (`expired_or_refreshed`: time to live or refresh-ahead). A request covering several \
        days takes the first of after_booking, expired_or_refreshed, first_fill that applies to one of them. The \
        hit ratio's note gives the ceiling the re-fetches after bookings put on any cache that re-fetches a day a \
        booking touched, and, as a diagnostic that is not a criterion, the hit ratio without them; \
        `hit_ratio_diagnostics` in `summary.json` has the details.
        - **Duplicate calls prevented** = 1 - (repeated identical upstream slots queries / repeated identical \
        lookups asked for); the cold-start criterion uses the PHP gateway's window, the first 2 simulated minutes.
        - **Alternatives**: the naive client uses the PHP gateway's finder (4 sequential lookups); calcom-client uses \
        `client.alternatives().find(...)` (5 proposals, 8-day horizon, the callers' zone). Its upstream calls per \
        search are attributed from the journal by time and range (approximate: the client sends no operation id), \
        and also shown as the finder reports them (`Alternatives.upstreamCalls()`, the client's own figure).
        - **Keys invalidated per booking** (median) is the client's own figure by nature: the slot tags each \
        `CalcomEventListener.invalidated(keys, ...)` event reported.
        - **Backlog** (scenario 4): calcom-client runs as two instances on one key sharing an in-process L2 and \
        invalidation bus that the harness takes down (every command fails, subscribers hear `connectionLost`) while \
        instance A makes the bookings, then restores (`connectionRestored`). The delivery time runs from the restore \
        until A's `invalidator().whenDelivered()` completes with `backlog()` 0, on the wall clock (the path has no \
        simulated latency; `summary.json` also gives it x time scale). Instance B's answers after delivery are \
        compared with the fake's own answer for the same days: a slot B offers that the fake does not is a stale \
        read. Bookings lost = bookings attempted that do not exist in the fake.
        - **Latencies** are measured by the harness around each user operation (wall time x time scale), successful \
        operations only; a booking's latency is the create call alone (its lookup before is not counted).
        - **Failures** are operations that ended in a 429, a local rate-limit refusal, an open breaker, a timeout, an \
        unknown booking outcome, a 5xx or a connection error; a slot taken by another user (conflict) or a day \
        without free slots is not a failure. `summary.json` lists up to three messages per outcome.
        - **Timeouts** (calcom-client's defaults: slots 3 s, bookings 10 s, other 5 s) are simulated too: both \
        clients' OkHttp read timeouts are divided by the time scale, plus 15 ms of wall time for JVM scheduling \
        jitter (0.9 s simulated at x60, 0.3 s at x20).
        - **Several instances** (`burst-4-instances`, `cold-start-4-instances`): four calcom-client instances on one \
        key, each with its own `CalcomRedis` (its own connections, limiter, coalescer, L2 client and bus \
        subscription) on one Redis (`REDIS_URL`, or a `redis-server` from the PATH or the embedded one, started for the scenario), all on \
        the scenario's simulated clock and scheduler; virtual user u talks to instance u mod 4. The limiter's \
        bucket and pause run on the client's clock; their Redis key lifetimes (`PX`) run on Redis's wall clock and \
        so last longer in simulated terms, which keeps state longer, never shorter. The L2's lifetimes are converted \
        (a fill's TTL divided by the scale on the way in, a lookup's remaining TTL multiplied on the way out), so a \
        day stays in Redis as long in simulated time as core meant. They run at their own time scale (x20 by \
        default): every limiter take, L2 read and coalescing lock is a Redis round trip, whose wall time and the \
        machine's pauses are multiplied by the scale in the simulated latencies, and the rate of Redis commands per \
        wall second with it.
        - **Traffic**: every virtual user has its own generator seeded from the seed, the scenario and its index, \
        and draws the same numbers per iteration whatever the answers, so every client gets the same sequence of \
        operations; the number of iterations depends on each client's latencies (closed loop, as k6).
        - **generic-stack** is what a Java team assembles in a day without this project: the naive client's OkHttp \
        calls, a Caffeine cache of whole slot answers keyed by the query (event type, range, zone) with a fixed 60 s \
        lifetime, emptied of the booked event type's answers after each of its own bookings, and a resilience4j \
        `RateLimiter` (120 per 1-minute cycle, 5 s timeout) around every attempt inside a resilience4j `Retry` of \
        429s (3 attempts, backoff 1 s then 2 s). Caffeine's `Ticker` and the limiter's nanosecond supplier read the \
        scenario's simulated clock; the limiter's waits are slept in simulated time, the retry's backoffs as their \
        wall-clock equivalent. Alternatives: the PHP gateway's four lookups, through its cache. With several \
        instances (and the backlog's writer and reader) each instance is its own stack with its own cache and limiter. \
        It runs the same traffic (same seed) in a second pass after the other two, on its own simulated clock and \
        fake, so that its threads do not add to the CPU contention calcom-client's latencies are measured under.
        - **Missed offers** (issue 17): for every answered lookup of a range (availability checks, the check before \
        a booking, the PHP gateway's alternatives lookups), the starts the fake had in that range at the instant \
        the answer came back (`FakeCalcom.availableStarts`, not a request) that the answer did not offer; the ratio \
        is their share of the fake's starts. A refused or failed lookup is a failure, not a missed offer; \
        calcom-client's alternatives proposals (a few nearest starts by design) are judged for stale offers only.
        - **Stale offers** are starts an answer offered that bookings the reading instance could know of take by \
        Cal.com's rules: bookings completed before the lookup started, made by that instance, announced by webhook, \
        or made by another instance whose invalidation message the bus log shows the reader had received before the \
        lookup started (a message never received counts too). **Offers in the bus window** (several instances only) \
        are those taken only by another instance's bookings whose message the reader received after its lookup \
        started, measured per booking from the bus log: no instance can know of them without a synchronous check; \
        the window is inflated by simulated time (every wall millisecond counts x the time scale). Beside it, the \
        median / maximum delivery delay (an instance handing a message to the bus to each other instance having \
        applied it) and publish delay (a booking's create returning to its instance handing the bus its message).
        - **Upstream per saturated minute** (issue 18): the median of the upstream requests (429'd included) in \
        each whole simulated minute in which the client's limiter made an attempt wait or refused it: for \
        calcom-client the `CalcomEventListener.rateLimitWaited` / `rateLimitRejected` events of callers' lanes (not \
        background refreshes waiting for their pace of 100 a minute while the budget has room), for generic-stack \
        every `reservePermission` that asked to wait or was refused. The naive client has no limiter. **Local \
        refusals by operation**: operations that ended in the client's own rate-limit refusal. **Refused while the \
        cache held the days**: availability checks (every UTC day of the range) and alternatives searches (any UTC \
        day) refused locally although the journal shows the day fetched (2xx) and touched by no booking of an event \
        type sharing a host since, within the time the cache surely keeps it (the 5 min stale window with one \
        instance, the shortest L2 lifetime with several); calcom-client only: generic-stack asks its cache before its \
        limiter, so it never refuses an answer it holds, and a day fetched for another range is no answer to it. \
        **Stale answers \
        under overload**: answers served stale because no token came in time; calcom-client's is counted by \
        `CalcomLoadClient.staleAnswersUnderOverload()` (0 while the library does not count them); \
        Caffeine never serves an expired answer.
        """);
    return md.toString();
  }

  /** One row per scenario and client: the figures the issue asks for, and the criteria met. */
  String summaryTable() {
    StringBuilder t = new StringBuilder();
    t.append("| scenario | client | upstream | 429 | max in 60 s (limit) | hit ratio | duplicates prevented |")
        .append(" stale offers | missed offers |")
        .append(" p95 availability ms | p95 booking ms | p95 alternatives ms | failures | criteria met |\n");
    t.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (ScenarioOutcome o : outcomes) {
      if (!o.ran()) {
        t.append("| ").append(o.spec().name()).append(" | - | not run: ").append(o.notRunReason())
            .append(" | | | | | | | | | | | |\n");
        continue;
      }
      for (SideResult r : o.sides()) {
        long met = r.criteria.stream().filter(c -> c.status() == Criterion.Status.PASS).count();
        t.append("| ").append(o.spec().name()).append(" | ").append(r.client).append(" | ")
            .append(r.upstreamRequests).append(" | ").append(r.requests429).append(" | ")
            .append(r.maxRequestsAnyWindow).append(" (").append(r.limit).append(") | ").append(pct(r.hitRatio))
            .append(" | ").append(pct(r.duplicatesPrevented)).append(" | ").append(str(r.staleOffers))
            .append(" | ").append(missed(r)).append(" | ")
            .append(ms(r.percentile(Op.AVAILABILITY, 95))).append(" | ").append(ms(r.percentile(Op.BOOK, 95)))
            .append(" | ").append(ms(r.percentile(Op.ALTERNATIVES, 95))).append(" | ").append(pct(r.failureRate()))
            .append(" | ").append(met).append('/').append(r.criteria.size());
        List<String> missed = r.criteria.stream().filter(c -> c.status() == Criterion.Status.FAIL)
            .map(Criterion::name).toList();
        List<String> notRun = r.criteria.stream().filter(c -> c.status() == Criterion.Status.NOT_RUN)
            .map(Criterion::name).toList();
        if (!missed.isEmpty()) {
          t.append("; not met: ").append(String.join(", ", missed));
        }
        if (!notRun.isEmpty()) {
          t.append("; not applicable: ").append(String.join(", ", notRun));
        }
        t.append(" |\n");
      }
    }
    return t.toString();
  }

  String consoleTable() {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nLoad scenarios (seed %d, time scale %s, with several instances %s%s),"
        + " wall %.1f s%n", options.seed(), Criteria.fmt(options.timeScale()),
        Criteria.fmt(options.multiInstanceTimeScale()), options.shortRun() ? ", short" : "", wallSeconds));
    String fmt = "%-24s %-14s %9s %6s %9s %7s %7s %6s %7s %9s %9s %7s %7s %s%n";
    t.append(String.format(Locale.ROOT, fmt, "scenario", "client", "upstream", "429", "max60s", "hit", "dupPrev",
        "stale", "missed", "p95 av", "p95 book", "fail", "sat/min", "criteria"));
    for (ScenarioOutcome o : outcomes) {
      if (!o.ran()) {
        t.append(String.format(Locale.ROOT, "%-24s %-14s not run: %s%n", o.spec().name(), "-", o.notRunReason()));
        continue;
      }
      for (SideResult r : o.sides()) {
        long failedEnforced = r.criteria.stream().filter(c -> c.status() != Criterion.Status.PASS)
            .filter(options.policy()::enforces).count();
        long notMet = r.criteria.stream().filter(c -> c.status() != Criterion.Status.PASS).count();
        t.append(String.format(Locale.ROOT, fmt, o.spec().name(), r.client, r.upstreamRequests, r.requests429,
            r.maxRequestsAnyWindow + "/" + r.limit, pct(r.hitRatio), pct(r.duplicatesPrevented),
            str(r.staleOffers), r.missedOffersRatio() == null ? "-" : pct(r.missedOffersRatio()),
            ms(r.percentile(Op.AVAILABILITY, 95)), ms(r.percentile(Op.BOOK, 95)), pct(r.failureRate()),
            r.upstreamPerMinuteWhenSaturated == null ? "-" : Criteria.fmt(r.upstreamPerMinuteWhenSaturated),
            r.criteria.size() - notMet + "/" + r.criteria.size() + " met"
                + (r.client.equals(ScenarioRunner.CALCOM) ? ", " + failedEnforced + " enforced missed" : "")));
      }
    }
    return t.toString();
  }

  private static String value(Criterion c) {
    return c.measured() == null ? "-" : fmtNum(c.measured());
  }

  private static String status(Criterion c) {
    return switch (c.status()) {
      case PASS -> "pass";
      case FAIL -> "**not met**";
      case NOT_RUN -> "not run";
    };
  }

  private static String fmtNum(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%.3f", d);
  }

  static String pct(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f%%", d * 100);
  }

  static String ms(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.0f", d);
  }

  static String str(Object o) {
    return o == null ? "-" : o.toString();
  }
}
