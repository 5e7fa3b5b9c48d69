package dev.calcomclient.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant immutable copies for decoded models (Cal.com may send null, or lists with null items). */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    return in == null || in.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
  }

  static <K, V> Map<K, V> map(Map<K, V> in) {
    return in == null || in.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}
