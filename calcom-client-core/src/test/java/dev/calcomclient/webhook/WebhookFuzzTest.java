package dev.calcomclient.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.testkit.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated bodies (seeded, so every run feeds the same ones) go to {@code parse} and, signed
 * with the secret so that they get past verification, to {@code handle}: {@code parse} either returns an event or
 * throws {@link WebhookException}; {@code handle} never throws and invalidates only for accepted deliveries.
 */
class WebhookFuzzTest {
  private static final String SECRET = "whsec_fuzz";
  private static final long SEED = 0x5EED_CA1L;
  private static final int CASES = 6_000;

  private static final List<String> SEEDS =
      List.of(
          "{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2050-09-01T10:00:00.000Z\",\"payload\":{"
              + "\"type\":\"intro-call\",\"startTime\":\"2050-09-05T07:00:00Z\",\"endTime\":\"2050-09-05T07:30:00Z\","
              + "\"organizer\":{\"id\":1,\"email\":\"alice@example.com\"},\"attendees\":[{\"email\":\"g@example.com\","
              + "\"name\":\"G\",\"timeZone\":\"Europe/London\"}],\"eventTypeId\":101,\"uid\":\"bk-1\",\"bookingId\":7,"
              + "\"status\":\"ACCEPTED\",\"team\":{\"members\":[{\"id\":2}]}}}",
          "{\"triggerEvent\":\"BOOKING_RESCHEDULED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{"
              + "\"startTime\":\"2050-09-05T09:00:00+02:00\",\"endTime\":\"2050-09-05T09:30:00+02:00\","
              + "\"rescheduleUid\":\"bk-0\",\"rescheduleStartTime\":\"2050-09-04T07:00:00Z\","
              + "\"rescheduleEndTime\":\"2050-09-04T07:30:00Z\",\"uid\":\"bk-2\",\"eventTypeId\":\"102\"}}",
          "{\"triggerEvent\":\"BOOKING_CANCELLED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{"
              + "\"startTime\":\"2050-09-05T07:00:00Z\",\"endTime\":\"2050-09-05T07:30:00Z\","
              + "\"cancellationReason\":\"\"}}",
          "{\"triggerEvent\":\"BOOKING_NO_SHOW_UPDATED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{"
              + "\"message\":\"m\",\"bookingUid\":\"bk-1\","
              + "\"attendees\":[{\"email\":\"g@example.com\",\"noShow\":true}]}}");

  private static final String[] TOKENS = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-1", "1e999", "0.5", "99999999999999999999",
    "\"triggerEvent\"", "\"payload\"", "\"startTime\"", "\"endTime\"", "\"createdAt\"", "\"\\u0000\"", "\uD800",
    "\u00e9", "{}", "[]", "\"2050-13-45T99:99:99Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"\""
  };

  @Test
  void randomAndMutatedBodiesNeverEscapeAsAnythingButTypedRejections() {
    Random random = new Random(SEED);
    List<BookingChange> changes = new ArrayList<>();
    CalcomWebhooks webhooks =
        CalcomWebhooks.builder()
            .secret(SECRET)
            .maxBodyBytes(4096)
            .onBookingChange(
                c -> {
                  changes.add(c);
                  return CompletableFuture.completedFuture(null);
                })
            .build();
    Map<RejectionReason, Integer> rejections = new EnumMap<>(RejectionReason.class);
    int accepted = 0;
    int parsed = 0;
    int expectedChanges = 0;

    for (int i = 0; i < CASES; i++) {
      byte[] body = body(random, i);

      try {
        WebhookEvent event = webhooks.parse(body);
        parsed++;
        assertThat(event.trigger().name()).isNotBlank();
      } catch (WebhookException expected) {
        assertThat(expected.reason()).isIn(RejectionReason.MALFORMED_BODY, RejectionReason.BODY_TOO_LARGE);
      }

      Map<String, List<String>> headers =
          Map.of("X-Cal-Signature-256", List.of(WebhookSignature.sign(SECRET, body)));
      int before = changes.size();
      WebhookResult result = webhooks.handle(body, headers);
      if (result instanceof WebhookResult.Accepted a) {
        accepted++;
        if (a.event().trigger().changesAvailability()) {
          expectedChanges++;
          assertThat(changes).hasSize(before + 1);
          assertThat(changes.get(before)).isEqualTo(a.event().bookingChange().orElseThrow());
        }
      } else if (result instanceof WebhookResult.Rejected r) {
        assertThat(r.reason()).isIn(RejectionReason.MALFORMED_BODY, RejectionReason.BODY_TOO_LARGE);
        rejections.merge(r.reason(), 1, Integer::sum);
        assertThat(changes).as("a rejected delivery invalidates nothing").hasSize(before);
      } else {
        throw new AssertionError("no custom payload hook is configured: " + result);
      }
    }

    assertThat(changes).hasSize(expectedChanges);
    assertThat(accepted).as("accepted is what parse accepted").isEqualTo(parsed);
    // The corpus exercises both sides: many mutants still parse, many do not.
    assertThat(accepted).isGreaterThan(CASES / 20);
    assertThat(rejections.getOrDefault(RejectionReason.MALFORMED_BODY, 0)).isGreaterThan(CASES / 4);
    assertThat(rejections.getOrDefault(RejectionReason.BODY_TOO_LARGE, 0)).isPositive();
  }

  @Test
  void unsignedRandomBytesAreAlwaysRefusedBeforeParsing() {
    Random random = new Random(SEED + 1);
    CalcomWebhooks webhooks = CalcomWebhooks.builder().secret(SECRET).build();

    for (int i = 0; i < 2_000; i++) {
      byte[] body = new byte[random.nextInt(512)];
      random.nextBytes(body);
      byte[] sig = new byte[random.nextInt(80)];
      random.nextBytes(sig);
      String signature = new String(sig, StandardCharsets.ISO_8859_1);

      WebhookResult result = webhooks.handle(body, name -> name.equals("X-Cal-Signature-256") ? signature : null);

      assertThat(result).isInstanceOf(WebhookResult.Rejected.class);
      assertThat(result.httpStatus()).isEqualTo(401);
    }
  }

  private static byte[] body(Random random, int i) {
    return switch (i % 6) {
      case 0 -> randomBytes(random);
      case 1 -> randomTokens(random);
      default -> mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
    };
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(300)];
    random.nextBytes(b);
    return b;
  }

  private static byte[] randomTokens(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(40);
    for (int k = 0; k < n; k++) {
      sb.append(TOKENS[random.nextInt(TOKENS.length)]);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mutate(Random random, String seed) {
    StringBuilder s = new StringBuilder(seed);
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      if (s.length() == 0) {
        break;
      }
      int at = random.nextInt(s.length());
      switch (random.nextInt(7)) {
        case 0 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
        case 1 -> s.deleteCharAt(at);
        case 2 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 3 -> s.setLength(at); // truncation
        case 4 -> replaceValue(random, s);
        case 5 -> s.insert(at, "[".repeat(1 + random.nextInt(3000))); // deep nesting, sometimes over the limit
        default -> {
          // keep the seed's structure: swap a digit, which mostly keeps the body valid
          int d = indexOfDigit(s, at);
          if (d >= 0) {
            s.setCharAt(d, (char) ('0' + random.nextInt(10)));
          }
        }
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void replaceValue(Random random, StringBuilder s) {
    String[] fields = {
      "\"startTime\":", "\"endTime\":", "\"eventTypeId\":", "\"id\":", "\"createdAt\":", "\"payload\":"
    };
    String field = fields[random.nextInt(fields.length)];
    int at = s.indexOf(field);
    if (at < 0) {
      return;
    }
    int valueStart = at + field.length();
    int valueEnd = valueStart;
    while (valueEnd < s.length() && s.charAt(valueEnd) != ',' && s.charAt(valueEnd) != '}') {
      valueEnd++;
    }
    String[] values = {"null", "1", "-5", "\"x\"", "{}", "[]", "true", "\"2050-09-05T07:00:00Z\"", "1.5", "\"\""};
    s.replace(valueStart, valueEnd, values[random.nextInt(values.length)]);
  }

  private static int indexOfDigit(StringBuilder s, int from) {
    for (int k = from; k < s.length(); k++) {
      if (Character.isDigit(s.charAt(k))) {
        return k;
      }
    }
    return -1;
  }
}
