package dev.calcomclient.testing;

import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Drives token stores sharing one budget with seeded random sequences of takes, give-backs, server caps, pauses
 * and time steps on a {@link ManualScheduler}, and records every send (a consumed take not given back), so that a
 * test can check the window guarantee over all of them together: no closed window of {@code window} holds more
 * than the budget.
 */
public final class WindowOracle {
  private final List<TokenStore> stores;
  private final ManualScheduler time;
  private final Random random;
  private final List<Send> sends = new ArrayList<>();

  /** A send: when, and the take that granted it. */
  private record Send(Instant at, TokenStore store, Take take) {}

  /**
   * Creates an oracle over {@code stores}, all of them on {@code time}'s clock.
   *
   * @param stores the stores sharing one budget (one per instance)
   * @param time the manual time the stores read
   * @param seed the seed of every random choice
   */
  public WindowOracle(List<TokenStore> stores, ManualScheduler time, long seed) {
    this.stores = List.copyOf(stores);
    this.time = time;
    this.random = new Random(seed);
  }

  /**
   * Runs {@code steps} random steps: bursts of takes (some keeping a reserve), give-backs of takes just made,
   * server caps until a reset within a window, short pauses, small time steps and quiet minutes.
   *
   * @param steps how many steps
   * @param reserve the reserve some takes keep (the background lane's)
   */
  public void randomSteps(int steps, long reserve) {
    for (int i = 0; i < steps; i++) {
      int op = random.nextInt(100);
      TokenStore store = stores.get(random.nextInt(stores.size()));
      if (op < 50) {
        int n = random.nextInt(25);
        List<Take> taken = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          Take t = take(store, random.nextInt(4) == 0 ? reserve : 0);
          if (t.consumed()) {
            taken.add(t);
          }
        }
        // Give some of them back right away, as the lanes do with a token they cannot use.
        for (Take t : taken) {
          if (random.nextInt(8) == 0) {
            giveBack(store, t);
          }
        }
      } else if (op < 55) {
        Instant until = time.now().plusMillis(random.nextInt(60_000));
        join(store.lowerTo(random.nextInt(30), until));
      } else if (op < 58) {
        join(store.pause(time.now().plusMillis(random.nextInt(5_000))));
      } else if (op < 62) {
        time.advance(Duration.ofSeconds(61 + random.nextInt(30)));
      } else {
        time.advance(Duration.ofMillis(random.nextInt(3_000)));
      }
    }
  }

  /**
   * Saturates the stores for {@code duration}: every {@code step}, each store is asked until it refuses.
   *
   * @param duration how long
   * @param step the time between rounds
   * @return the sends granted meanwhile
   */
  public int saturate(Duration duration, Duration step) {
    int before = sends.size();
    Instant end = time.now().plus(duration);
    while (time.now().isBefore(end)) {
      for (TokenStore store : stores) {
        while (take(store, 0).consumed()) {
          // keep asking
        }
      }
      time.advance(step);
    }
    return sends.size() - before;
  }

  /**
   * Takes from {@code store} until it refuses, at the current time.
   *
   * @param store the store
   * @return how many it granted
   */
  public int drain(TokenStore store) {
    int n = 0;
    while (take(store, 0).consumed()) {
      n++;
    }
    return n;
  }

  /**
   * The most sends in any closed interval of {@code window}.
   *
   * @param window the window
   * @return the count
   */
  public int maxInAnyWindow(Duration window) {
    List<Instant> times = new ArrayList<>();
    for (Send s : sends) {
      times.add(s.at);
    }
    return maxInAnyWindow(times, window);
  }

  /**
   * The most of {@code times} in any closed interval of {@code window}.
   *
   * @param times the times
   * @param window the window
   * @return the count
   */
  public static int maxInAnyWindow(List<Instant> times, Duration window) {
    List<Instant> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    int max = 0;
    int i = 0;
    for (int j = 0; j < sorted.size(); j++) {
      while (Duration.between(sorted.get(i), sorted.get(j)).compareTo(window) > 0) {
        i++;
      }
      max = Math.max(max, j - i + 1);
    }
    return max;
  }

  /**
   * How many sends were recorded.
   *
   * @return the count
   */
  public int sends() {
    return sends.size();
  }

  private Take take(TokenStore store, long keep) {
    Take t = join(store.take(keep));
    if (t.consumed()) {
      sends.add(new Send(time.now(), store, t));
    }
    return t;
  }

  private void giveBack(TokenStore store, Take take) {
    join(store.giveBack(take));
    for (int i = sends.size() - 1; i >= 0; i--) {
      if (sends.get(i).take == take) {
        sends.remove(i);
        return;
      }
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the store did not answer within 30 s", e);
    }
  }
}
