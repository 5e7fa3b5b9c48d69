package dev.calcomclient.model;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list decoded from one of Cal.com's list answers, element by element: elements without a valid
 * identity were left out (the others are here), and optional fields with an unexpected type were decoded as
 * absent. {@link #skipped()} and {@link #decodeIssues()} tell what happened; it is an ordinary {@link List}
 * otherwise.
 *
 * @param <T> the element type
 */
public final class DecodedList<T> extends AbstractList<T> implements RandomAccess {
  private final List<T> items;
  private final List<DecodeIssue> issues;

  /**
   * Creates the list.
   *
   * @param items the decoded elements, in Cal.com's order
   * @param issues what did not decode as expected (empty when everything did)
   */
  public DecodedList(List<T> items, List<DecodeIssue> issues) {
    this.items = Copies.list(items);
    this.issues = Copies.list(issues);
  }

  /**
   * A list in which everything decoded.
   *
   * @param items the elements
   * @param <T> the element type
   * @return the list, without issues
   */
  public static <T> DecodedList<T> of(List<T> items) {
    return new DecodedList<>(items, List.of());
  }

  /**
   * The issues of {@code list} when it is a {@link DecodedList} (as every list the client returns is), else none.
   *
   * @param list a list returned by the client
   * @return its decode issues
   */
  public static List<DecodeIssue> issuesOf(List<?> list) {
    return list instanceof DecodedList<?> d ? d.decodeIssues() : List.of();
  }

  @Override
  public T get(int index) {
    return items.get(index);
  }

  @Override
  public int size() {
    return items.size();
  }

  /**
   * How many elements of Cal.com's answer were left out because their identity (id, uid, start...) was missing
   * or malformed.
   *
   * @return the number left out, 0 when none
   */
  public int skipped() {
    return issues.stream().filter(DecodeIssue::isLeftOut).mapToInt(DecodeIssue::count).sum();
  }

  /**
   * What did not decode as expected: elements left out and optional fields decoded as absent, one entry per
   * (field, kind) with its count.
   *
   * @return the issues, empty when everything decoded
   */
  public List<DecodeIssue> decodeIssues() {
    return issues;
  }
}
