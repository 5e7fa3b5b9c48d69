package dev.calcomclient.cache.internal;

import dev.calcomclient.CalcomClient;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reaches a client's {@link SlotCache} from inside the library (invalidator wiring, alternative finder, warmer,
 * tests) without a public method on {@link CalcomClient}. {@link CalcomClient} installs the accessor when its class
 * is initialised, the way OkHttp's {@code Internal} works. Not an API: do not use from applications.
 */
public final class SlotCacheAccess {
  private static volatile Function<CalcomClient, SlotCache> accessor;

  private SlotCacheAccess() {}

  /** Called once by {@link CalcomClient}'s static initialiser. */
  public static void install(Function<CalcomClient, SlotCache> access) {
    accessor = Objects.requireNonNull(access, "access");
  }

  /** The slot cache of {@code client}, or empty when its cache is disabled. */
  public static Optional<SlotCache> of(CalcomClient client) {
    Objects.requireNonNull(client, "client");
    // The client exists, so its class (and the accessor) is initialised.
    return Optional.ofNullable(accessor.apply(client));
  }
}
