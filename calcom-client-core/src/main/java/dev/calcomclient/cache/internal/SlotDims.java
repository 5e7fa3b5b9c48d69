package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The query dimensions that change a day's slots, in canonical form for {@link SlotKey#dims()}: {@code default}
 * when none is set, otherwise dot-joined parts {@code d<minutes>} (duration) and {@code r-<hash>} (the booking
 * being rescheduled, as the first 16 hex digits of its SHA-256, so any uid fits the key alphabet). The format is not
 * a dimension: days are always fetched with {@code format=range} and the end is dropped for time-format answers.
 *
 * @param duration the meeting length in minutes, or {@code null}
 * @param bookingUidToReschedule the booking being rescheduled, or {@code null}
 */
public record SlotDims(Integer duration, String bookingUidToReschedule) {
  /** No dimension set. */
  public static final SlotDims DEFAULT = new SlotDims(null, null);

  /** The canonical string. */
  public String render() {
    if (duration == null && bookingUidToReschedule == null) {
      return SlotKey.DEFAULT_DIMS;
    }
    StringBuilder sb = new StringBuilder();
    if (duration != null) {
      sb.append('d').append(duration);
    }
    if (bookingUidToReschedule != null) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append("r-").append(hash(bookingUidToReschedule));
    }
    return sb.toString();
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
