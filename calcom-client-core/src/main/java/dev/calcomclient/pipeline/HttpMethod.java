package dev.calcomclient.pipeline;

/** The HTTP methods the Cal.com API v2 endpoints covered by this client use. */
public enum HttpMethod {
  /** HTTP {@code GET}. */
  GET,
  /** HTTP {@code POST}. */
  POST,
  /** HTTP {@code PATCH}. */
  PATCH,
  /** HTTP {@code DELETE}. */
  DELETE;

  /**
   * Whether a request with this method changes state on the server.
   *
   * @return whether a request with this method changes state on the server
   */
  public boolean isMutation() {
    return this != GET;
  }
}
