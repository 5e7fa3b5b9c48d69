package dev.calcomclient;

import dev.calcomclient.model.Me;
import java.util.concurrent.CompletableFuture;

/**
 * The authenticated user's profile ({@code GET /v2/me}). Both methods have a form with a trailing
 * {@link RequestOptions} (rate-limit lane, longest wait for a token, call timeout).
 */
public interface MeService {

  /**
   * The authenticated user; fails with {@link UnauthorizedException} for a bad credential.
   *
   * @return the authenticated user; fails with {@link UnauthorizedException} for a bad credential
   */
  default Me get() {
    return get(RequestOptions.defaults());
  }

  /**
   * As {@link #get()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the authenticated user; fails with {@link UnauthorizedException} for a bad credential
   */
  Me get(RequestOptions options);

  /**
   * Asynchronous {@link #get}.
   *
   * @return a future of what {@link #get} returns
   */
  default CompletableFuture<Me> getAsync() {
    return getAsync(RequestOptions.defaults());
  }

  /**
   * As {@link #getAsync()}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Me> getAsync(RequestOptions options);
}
