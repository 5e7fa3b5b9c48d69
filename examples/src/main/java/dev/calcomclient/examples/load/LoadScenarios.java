package dev.calcomclient.examples.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the PHP gateway's four load scenarios (issue 8) side by side for a naive client, a generic stack (OkHttp,
 * Caffeine, resilience4j: {@link GenericStackClient}) and calcom-client against FakeCalcom, prints a table and
 * writes {@code examples/target/load-report/} ({@code report.md}, {@code comparison.md}, {@code summary.json}, PNG
 * charts). From the repository root (builds in the reactor, installs nothing):
 *
 * <pre>
 *   mvn -B -q -pl examples -am package -DskipTests exec:java \
 *     -Dexec.mainClass=dev.calcomclient.examples.load.LoadScenarios [-Dexec.args="..."]
 * </pre>
 *
 * Arguments: scenario names ({@code normal}, {@code burst}, {@code burst-4-instances}, {@code cold-start},
 * {@code cold-start-4-instances}, {@code backlog}; none = all), {@code --seed N} (default 42),
 * {@code --time-scale N} (simulated seconds per wall second, default 60), {@code --multi-instance-time-scale N}
 * (the same for the 4-instance scenarios, default 20; see {@link ScenarioRunner#scaleFor}), {@code --short} (the CI
 * variant),
 * {@code --strict} (every missed criterion fails, see {@link ExitPolicy}), {@code --out DIR},
 * {@code --multi-instance redis|in-process} (what the 4-instance variants share layers through; default
 * {@code redis}: one Redis, {@code REDIS_URL} or a {@code redis-server} (PATH, else embedded) started for the scenario, and
 * one {@code CalcomRedis} per instance; without either they are reported as not run; {@code in-process} runs them
 * as four clients in this JVM sharing an in-process limiter, coalescer, L2 and bus), {@code --journal} (also write
 * each side's request journal and operations as CSV under {@code journals/}).
 *
 * <p>Exit status: 0 when calcom-client met every enforced criterion, 1 when it missed one, 2 on bad arguments.
 */
public final class LoadScenarios {
  static final long DEFAULT_SEED = 42;
  static final double DEFAULT_TIME_SCALE = 60;
  /** The 4-instance scenarios' default time scale (see {@link ScenarioRunner#scaleFor}). */
  static final double DEFAULT_MULTI_INSTANCE_TIME_SCALE = 20;
  /** Where the report goes unless {@code --out} says otherwise. */
  static final String REPORT_DIR_PROPERTY = "load.report.dir";

  /** Parsed command line. */
  record Options(List<String> scenarios, long seed, double timeScale, double multiInstanceTimeScale,
      boolean shortRun, ExitPolicy policy, Path out, CalcomInstances.Provider multiInstance, boolean journal) {

    static Options parse(String... args) {
      List<String> scenarios = new ArrayList<>();
      long seed = DEFAULT_SEED;
      double scale = DEFAULT_TIME_SCALE;
      double multiScale = DEFAULT_MULTI_INSTANCE_TIME_SCALE;
      boolean shortRun = false;
      ExitPolicy policy = ExitPolicy.ENFORCE_AVAILABLE_FEATURES;
      // examples/pom.xml passes the module's target dir, so the report lands there whatever Maven's working dir
      Path out = Path.of(System.getProperty(REPORT_DIR_PROPERTY, "target/load-report"));
      CalcomInstances.Provider multiInstance = CalcomInstances.REDIS;
      boolean journal = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
          case "--time-scale" -> scale = Double.parseDouble(value(args, ++i, a));
          case "--multi-instance-time-scale" -> multiScale = Double.parseDouble(value(args, ++i, a));
          case "--short" -> shortRun = true;
          case "--strict" -> policy = ExitPolicy.ENFORCE_ALL;
          case "--out" -> out = Path.of(value(args, ++i, a));
          case "--journal" -> journal = true;
          case "--multi-instance" -> {
            String p = value(args, ++i, a);
            multiInstance = switch (p) {
              case "redis" -> CalcomInstances.REDIS;
              case "in-process" -> CalcomInstances.IN_PROCESS;
              default -> throw new IllegalArgumentException("--multi-instance takes redis or in-process, got " + p);
            };
          }
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            if (!Scenarios.ALL.contains(a)) {
              throw new IllegalArgumentException("unknown scenario '" + a + "'; known: " + Scenarios.ALL);
            }
            scenarios.add(a);
          }
        }
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("--time-scale must be a positive number");
      }
      if (!(multiScale > 0) || Double.isInfinite(multiScale)) {
        throw new IllegalArgumentException("--multi-instance-time-scale must be a positive number");
      }
      return new Options(scenarios.isEmpty() ? Scenarios.ALL : List.copyOf(scenarios), seed, scale, multiScale,
          shortRun, policy, out, multiInstance, journal);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  private LoadScenarios() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LoadScenarios: " + e.getMessage());
      System.err.println("usage: LoadScenarios [scenario...] [--seed N] [--time-scale N] [--short] [--strict]"
          + " [--out DIR] [--multi-instance redis|in-process] [--multi-instance-time-scale N] [--journal]");
      System.exit(2);
      return;
    }
    int status = run(options);
    System.exit(status);
  }

  /** Runs, writes the report and returns the exit status (does not exit). */
  static int run(Options options) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, ScenarioSpec> specs = Scenarios.all(options.shortRun());
    ScenarioRunner runner = new ScenarioRunner(options.seed(), options.timeScale(),
        options.multiInstanceTimeScale(), options.multiInstance(),
        options.journal() ? options.out().resolve("journals") : null);
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    long started = System.nanoTime();
    java.nio.file.Files.createDirectories(options.out());
    runner.warmUp(options.scenarios().stream().map(specs::get).anyMatch(s -> s.instances() > 1));
    for (String name : options.scenarios()) {
      ScenarioSpec spec = specs.get(name);
      java.util.Optional<String> cannot = runner.cannotRun(spec);
      if (cannot.isPresent()) {
        outcomes.add(ScenarioOutcome.notRun(spec, EnumSet.of(Feature.REDIS), cannot.get()));
        System.out.printf(Locale.ROOT, "%-24s not run: %s%n", name, cannot.get());
        continue;
      }
      long t0 = System.nanoTime();
      System.out.printf(Locale.ROOT, "%-24s running: %d user(s), %d simulated min at x%s ...%n", name, spec.users(),
          spec.duration().toMinutes(), Criteria.fmt(runner.scaleFor(spec)));
      List<SideResult> sides = runner.run(spec);
      double wall = (System.nanoTime() - t0) / 1e9;
      List<String> charts = Charts.write(options.out(), spec, sides);
      outcomes.add(new ScenarioOutcome(spec, sides.get(0), sides.get(1), sides.get(2), null,
          EnumSet.noneOf(Feature.class),
          charts, wall, runner.sharedLayers(spec), runner.scaleFor(spec)));
      System.out.printf(Locale.ROOT, "%-24s done in %.1f s wall%n", name, wall);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    Report report = new Report(options, outcomes, wall);
    report.write(options.out());
    System.out.print(report.consoleTable());
    List<String> missed = missedEnforced(options.policy(), outcomes);
    System.out.println();
    System.out.println("Report: " + options.out().toAbsolutePath().resolve("report.md"));
    if (missed.isEmpty()) {
      System.out.println("calcom-client met every enforced criterion (" + options.policy() + ").");
      return 0;
    }
    System.out.println("calcom-client missed enforced criteria (" + options.policy() + "):");
    missed.forEach(m -> System.out.println("  - " + m));
    return 1;
  }

  static List<String> missedEnforced(ExitPolicy policy, List<ScenarioOutcome> outcomes) {
    List<String> missed = new ArrayList<>();
    for (ScenarioOutcome o : outcomes) {
      if (!o.ran()) {
        if (policy == ExitPolicy.ENFORCE_ALL) {
          missed.add(o.spec().name() + ": not run (" + o.notRunReason() + ")");
        }
        continue;
      }
      for (Criterion c : o.calcom().criteria) {
        if (c.status() != Criterion.Status.PASS && policy.enforces(c)) {
          missed.add(o.spec().name() + ": " + c.name() + " " + c.target() + ", measured "
              + (c.measured() == null ? "nothing" : Criteria.fmt(c.measured())) + " (" + c.status() + ")");
        }
      }
    }
    return missed;
  }
}
