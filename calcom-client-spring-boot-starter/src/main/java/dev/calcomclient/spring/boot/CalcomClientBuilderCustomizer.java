package dev.calcomclient.spring.boot;

import dev.calcomclient.CalcomClient;

/**
 * Changes the client builder after the {@code calcom.*} properties were applied and before the client is built.
 * Declare one or more as beans (ordered by {@code @Order}); the starter's Redis wiring is one of them.
 */
@FunctionalInterface
public interface CalcomClientBuilderCustomizer {
  /**
   * @param builder the builder to change
   */
  void customize(CalcomClient.Builder builder);
}
