package dev.calcomclient.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/** Prints an example's numbered steps, each with its latency and the upstream calls it made. */
final class Steps {
  private final PrintStream out;
  private final UpstreamCalls upstream;
  private int number;
  private Duration total = Duration.ZERO;

  Steps(PrintStream out, UpstreamCalls upstream) {
    this.out = out;
    this.upstream = upstream;
  }

  /** Prints the heading of the next step. */
  void begin(String title) {
    number++;
    out.printf("%n[%d] %s%n", number, title);
  }

  /** Prints one line of the current step's details. */
  void detail(String format, Object... args) {
    out.println("    " + String.format(format, args));
  }

  /** Runs {@code action}, measuring its latency and the upstream calls it made. */
  <T> Timed<T> measure(Supplier<T> action) {
    int mark = upstream.mark();
    long t0 = System.nanoTime();
    T value = action.get();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    total = total.plus(elapsed);
    return new Timed<>(value, elapsed, upstream.since(mark), upstream.describeSince(mark));
  }

  /** Prints "-> 412 ms, 1 upstream call (GET /v2/slots)" for a measured action. */
  void cost(Timed<?> timed) {
    out.println("    -> " + millis(timed.elapsed()) + ", " + timed.upstream());
  }

  /** The latency of every measured action so far. */
  Duration total() {
    return total;
  }

  static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  /**
   * What a measured action returned and cost.
   *
   * @param value its result
   * @param elapsed its latency
   * @param upstreamCalls the upstream requests it made
   * @param upstream those requests, described
   */
  record Timed<T>(T value, Duration elapsed, int upstreamCalls, String upstream) {}
}
