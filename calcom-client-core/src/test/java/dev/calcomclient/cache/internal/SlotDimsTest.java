package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SlotDimsTest {

  @Test
  void rendersCanonicalDims() {
    assertThat(SlotDims.DEFAULT.render()).isEqualTo("default");
    assertThat(new SlotDims(30, null).render()).isEqualTo("d30");
    assertThat(new SlotDims(null, "abc").render()).matches("r-[0-9a-f]{16}");
    assertThat(new SlotDims(45, "abc").render()).matches("d45\\.r-[0-9a-f]{16}");
    assertThat(new SlotDims(null, "abc").render()).isEqualTo(new SlotDims(null, "abc").render())
        .isNotEqualTo(new SlotDims(null, "abd").render());
  }

  @Test
  void anyBookingUidFitsTheKeyAlphabet() {
    String odd = "ünïcode uid/with:colons and spaces";
    SlotKey key = new SlotKey(101, new SlotDims(null, odd).render(), LocalDate.parse("2050-09-05"));
    assertThat(key.render("calcom:v1")).matches("calcom:v1:slots:et:101:r-[0-9a-f]{16}:2050-09-05")
        .doesNotContain("colons");
  }

  @Test
  void keysOfEveryDimsShareTheirDaysTag() {
    LocalDate day = LocalDate.parse("2050-09-05");
    SlotTag tag = new SlotTag(101, day);
    assertThat(new SlotKey(101, "default", day).tag()).isEqualTo(tag);
    assertThat(new SlotKey(101, new SlotDims(60, "x").render(), day).tag()).isEqualTo(tag);
    assertThat(new SlotKey(101, "default", day)).hasToString("calcom:v1:slots:et:101:default:2050-09-05");
    assertThat(tag.render("calcom:v1")).isEqualTo("calcom:v1:tag:et:101:2050-09-05");
  }
}
