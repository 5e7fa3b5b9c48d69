package dev.calcomclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the redactor masks, what it leaves alone, and that it keeps a JSON body JSON. */
class RedactorTest {
  private static final String KEY = "cal_live_0123456789abcdef0123456789abcdef";
  private final Redactor redactor = Redactor.of(List.of("s3cret-value", KEY));

  @Test
  void masksConfiguredSecretsAndAnythingShapedLikeACalcomKeyButNotOrdinaryWords() {
    String text = "k=" + KEY + " other=cal_ABCDEF0123456789xyz test=cal_test_00000000000000000001 s3cret-value"
        + " cal_integration cal_video cal-video";

    String out = redactor.redact(text);

    assertThat(out).doesNotContain(KEY, "cal_ABCDEF0123456789xyz", "cal_test_00000000000000000001", "s3cret-value");
    assertThat(out).contains("cal_integration", "cal_video", "cal-video");
    assertThat(Redactor.keyShapesOnly().redact("cal_live_" + "f".repeat(32))).isEqualTo(Redactor.MASK);
  }

  @Test
  void longServerTextIsCutAndNullStaysNull() {
    assertThat(redactor.redact("x".repeat(10_000))).hasSizeLessThan(Redactor.MAX_TEXT + 40);
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void aScrubbedBodyHasNoSecretAndStaysValidJson() throws Exception {
    byte[] body = ("{\"echo\":\"Bearer " + KEY + "\",\"again\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] clean = redactor.scrub(body);

    assertThat(new String(clean, StandardCharsets.UTF_8)).doesNotContain(KEY);
    assertThat(Json.mapper().readTree(clean).get("again").asText()).isEqualTo(Redactor.MASK);
    byte[] untouched = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(redactor.scrub(untouched)).isSameAs(untouched);
  }

  @Test
  void aCauseChainThatLeaksIsCopiedWithItsStackTraceAndACleanOneIsKept() {
    IllegalStateException inner = new IllegalStateException("inner saw " + KEY);
    RuntimeException outer = new RuntimeException("outer", inner);
    RuntimeException clean = new RuntimeException("nothing here");

    Throwable copy = redactor.scrub(outer);

    assertThat(redactor.scrub(clean)).isSameAs(clean);
    assertThat(copy).isInstanceOf(Redactor.RedactedCause.class).hasMessageContaining(RuntimeException.class.getName());
    assertThat(copy.getCause().getMessage()).contains(IllegalStateException.class.getName()).doesNotContain(KEY);
    assertThat(copy.getCause().getStackTrace()).isEqualTo(inner.getStackTrace());
  }
}
