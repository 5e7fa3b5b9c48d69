package dev.calcomclient.testing;

import com.github.benmanes.caffeine.cache.Cache;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every map, collection and Caffeine cache held by the project's objects reachable from a root, with the number
 * of elements each holds (nested collections counted too): what a memory test watches to see that nothing grows
 * without bound. Found by reflection, so a map added later is watched without changing the test.
 *
 * <p>The walk follows fields of {@code dev.calcomclient} objects, and the values and elements of the collections
 * they hold when those are {@code dev.calcomclient} objects. Each holder is named {@code Class.field}; when one
 * class has several instances, their counts are added up.
 */
public final class HeldCollections {
  private static final String PROJECT = "dev.calcomclient.";
  /** Elements of one collection walked into (enough to find the collections inside; the counts include all). */
  private static final int WALK_ELEMENTS = 64;

  private final Map<String, Long> sizes = new TreeMap<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  private HeldCollections() {}

  /** The elements held per {@code Class.field}, sorted by name. */
  public static Map<String, Long> of(Object root) {
    HeldCollections walk = new HeldCollections();
    walk.visit(root);
    return walk.sizes;
  }

  private void visit(Object o) {
    if (o == null || !o.getClass().getName().startsWith(PROJECT) || o.getClass().isEnum() || !seen.add(o)) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c.getName().startsWith(PROJECT); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          f.setAccessible(true);
          value = f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
          continue;
        }
        String name = simpleName(c) + "." + f.getName();
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Cache<?, ?>) {
          if (seen.add(value)) {
            sizes.merge(name, count(value), Long::sum);
            walkInto(value);
          }
        } else {
          visit(value);
        }
      }
    }
  }

  private static String simpleName(Class<?> c) {
    String n = c.getName();
    return n.substring(n.lastIndexOf('.') + 1);
  }

  /** Elements held, with the elements of nested maps and collections. */
  private static long count(Object holder) {
    Collection<?> elements = elements(holder);
    long n = elements.size();
    for (Object e : elements) {
      if (e instanceof Map<?, ?> || e instanceof Collection<?>) {
        n += count(e);
      }
    }
    return n;
  }

  private static Collection<?> elements(Object holder) {
    if (holder instanceof Cache<?, ?> cache) {
      cache.cleanUp();
      return snapshot(cache.asMap().values());
    }
    if (holder instanceof Map<?, ?> map) {
      return snapshot(map.values());
    }
    return snapshot((Collection<?>) holder);
  }

  /** A copy; a collection that is not thread-safe may be changing under a background thread, so retry. */
  private static List<Object> snapshot(Collection<?> c) {
    for (int attempt = 0; ; attempt++) {
      try {
        return new ArrayList<>(c);
      } catch (java.util.ConcurrentModificationException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private void walkInto(Object holder) {
    int walked = 0;
    for (Object e : elements(holder)) {
      if (walked++ == WALK_ELEMENTS) {
        return;
      }
      visit(e);
    }
  }
}
