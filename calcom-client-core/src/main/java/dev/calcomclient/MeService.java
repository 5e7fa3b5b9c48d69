package dev.calcomclient;

import dev.calcomclient.model.Me;
import java.util.concurrent.CompletableFuture;

/** The authenticated user's profile ({@code GET /v2/me}). */
public interface MeService {

  /**
   * The authenticated user; fails with {@link UnauthorizedException} for a bad credential.
   *
   * @return the authenticated user; fails with {@link UnauthorizedException} for a bad credential
   */
  Me get();

  /**
   * Asynchronous {@link #get}.
   *
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Me> getAsync();
}
