package dev.calcomclient.testkit.internal;

/**
 * Emulates {@code ApiAuthStrategy}: OAuth client pair first, then a bearer API key ({@code cal_...}) or access
 * token; 401 texts are Cal.com's, prefixed {@code ApiAuthStrategy - }.
 */
public final class Authenticator {
  static final String NO_AUTH = "ApiAuthStrategy - No authentication method provided. Either pass an API key as "
      + "'Bearer' header or OAuth client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers";
  static final String ONLY_CLIENT_ID = "ApiAuthStrategy - Only 'x-cal-client-id' header provided. Please also "
      + "provide 'x-cal-secret-key' header or Auth bearer token as 'Authentication' header";
  static final String ONLY_SECRET = "ApiAuthStrategy - Only 'x-cal-secret-key' header provided. Please also "
      + "provide 'x-cal-client-id' header or Auth bearer token as 'Authentication' header";
  static final String INVALID_API_KEY = "ApiAuthStrategy - api key - Your api key is not valid";
  static final String INVALID_ACCESS_TOKEN = "ApiAuthStrategy - access token - Invalid Access Token.";
  static final String NO_USER = "ApiAuthStrategy - bearer token - No user associated with the provided token";

  private final FakeState state;

  public Authenticator(FakeState state) {
    this.state = state;
  }

  /** Sets the exchange's principal, or throws 401 per the route's auth mode. */
  public void authenticate(FakeExchange exchange) {
    Route.AuthMode mode = exchange.route().auth();
    if (mode == Route.AuthMode.NONE) {
      return;
    }
    String clientId = blankToNull(exchange.header("x-cal-client-id"));
    String secret = blankToNull(exchange.header("x-cal-secret-key"));
    String authorization = exchange.header("authorization");
    String bearer = authorization == null ? null : blankToNull(authorization.replace("Bearer ", "").trim());

    state.lock().lock();
    try {
      if (clientId != null && secret != null) {
        FakeState.OAuthClient client = state.oauthClients.get(clientId);
        if (client == null) {
          throw ApiError.unauthorized("ApiAuthStrategy - oAuth client - Client with ID " + clientId + " not found");
        }
        if (!client.secret().equals(secret)) {
          throw ApiError.unauthorized("ApiAuthStrategy - oAuth client - Invalid client secret");
        }
        exchange.principal(principal(client.userId(), "OAUTH_CLIENT", clientId,
            "ApiAuthStrategy - oAuth client - No user associated with the provided OAuth client"));
        return;
      }
      if (bearer != null) {
        if (state.apiKeys.containsKey(bearer)) {
          exchange.principal(principal(state.apiKeys.get(bearer), bearer.startsWith("cal_") ? "API_KEY"
              : "ACCESS_TOKEN", bearer, NO_USER));
          return;
        }
        throw ApiError.unauthorized(bearer.startsWith("cal_") ? INVALID_API_KEY : INVALID_ACCESS_TOKEN);
      }
      if (clientId != null) {
        throw ApiError.unauthorized(ONLY_CLIENT_ID);
      }
      if (secret != null) {
        throw ApiError.unauthorized(ONLY_SECRET);
      }
      if (mode == Route.AuthMode.REQUIRED) {
        throw ApiError.unauthorized(NO_AUTH);
      }
    } finally {
      state.lock().unlock();
    }
  }

  private FakeExchange.Principal principal(Long configuredUserId, String method, String credential, String noUser) {
    Long userId = configuredUserId != null ? configuredUserId : state.firstUserId();
    if (userId == null || !state.users.containsKey(userId)) {
      throw ApiError.unauthorized(noUser);
    }
    return new FakeExchange.Principal(userId, method, credential);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
