package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import io.lettuce.core.cluster.SlotHash;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The key names of both layouts, and the hash-slot property the Cluster layout exists for. */
class CacheKeyLayoutTest {
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");
  private final SlotKey key = new SlotKey(101, "duration=60", MONDAY);
  private final String rendered = key.render(SlotKey.DEFAULT_PREFIX);
  private final String tag = key.tag().render(SlotKey.DEFAULT_PREFIX);

  @Test
  void standaloneKeepsTheKeysAsCoreRendersThem() {
    assertThat(CacheKeyLayout.STANDALONE.valueKey(rendered, tag))
        .isEqualTo("calcom:v1:slots:et:101:duration=60:2050-09-05");
    assertThat(CacheKeyLayout.STANDALONE.tagSetKey(tag)).isEqualTo("calcom:v1:tag:et:101:2050-09-05");
    assertThat(CacheKeyLayout.STANDALONE.generationKey(tag)).isEqualTo("calcom:v1:tag:et:101:2050-09-05:gen");
  }

  @Test
  void clusterPutsEveryKeyOfATagInTheTagsHashSlot() {
    CacheKeyLayout c = CacheKeyLayout.CLUSTER;
    assertThat(c.valueKey(rendered, tag))
        .isEqualTo("{calcom:v1:tag:et:101:2050-09-05}:calcom:v1:slots:et:101:duration=60:2050-09-05");
    int slot = SlotHash.getSlot(c.tagSetKey(tag));
    assertThat(SlotHash.getSlot(c.generationKey(tag))).isEqualTo(slot);
    assertThat(SlotHash.getSlot(c.valueKey(rendered, tag))).isEqualTo(slot);
    assertThat(SlotHash.getSlot(c.valueKey(new SlotKey(101, "default", MONDAY).render("calcom:v1"), tag)))
        .isEqualTo(slot);
    // Different days of one event type are spread over the cluster rather than pinned to one node.
    String nextDay = new SlotTag(101, MONDAY.plusDays(1)).render(SlotKey.DEFAULT_PREFIX);
    assertThat(SlotHash.getSlot(c.tagSetKey(nextDay))).isNotEqualTo(slot);
  }
}
