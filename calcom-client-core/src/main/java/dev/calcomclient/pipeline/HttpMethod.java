package dev.calcomclient.pipeline;

/** The HTTP methods the Cal.com API v2 endpoints covered by this client use. */
public enum HttpMethod {
  GET,
  POST,
  PATCH,
  DELETE;

  /** Whether a request with this method changes state on the server. */
  public boolean isMutation() {
    return this != GET;
  }
}
