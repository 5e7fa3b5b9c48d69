package dev.calcomclient.internal.resource;

import dev.calcomclient.internal.Checks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds path segments from caller-supplied values: checked, then percent-encoded so they stay one segment. */
final class PathSegments {
  private PathSegments() {}

  /** A non-blank text value (a uid), percent-encoded. */
  static String uid(String field, String value) {
    Checks.name(field, value);
    // URLEncoder does form encoding; a path wants %20 for space. '/', '?', '#' and '%' are all escaped.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A positive numeric id. */
  static String id(String field, long value) {
    return Long.toString(Checks.positive(field, value));
  }
}
