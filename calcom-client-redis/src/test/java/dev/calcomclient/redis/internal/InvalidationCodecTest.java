package dev.calcomclient.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bus's wire form: the change's hosts travel when known and are optional both ways between versions. */
class InvalidationCodecTest {
  private static final String TAG = "calcom:v1:tag:et:101:2050-09-05";

  @Test
  void theHostsRoundTripAndAMessageWithoutThemReadsAsHostsUnknown() {
    InvalidationMessage withHosts = new InvalidationMessage("a", 3, List.of(TAG), false, Set.of(1L, 2L));
    assertThat(InvalidationCodec.decode(InvalidationCodec.encode(withHosts))).isEqualTo(withHosts);
    assertThat(new String(InvalidationCodec.encode(withHosts), UTF_8)).contains("\"hosts\":[1,2]");

    InvalidationMessage unknown = new InvalidationMessage("a", 4, List.of(TAG), false);
    assertThat(new String(InvalidationCodec.encode(unknown), UTF_8)).as("nothing written when unknown")
        .doesNotContain("hosts");
    String earlierVersion = "{\"v\":1,\"source\":\"a\",\"seq\":4,\"tags\":[\"" + TAG + "\"],\"flushAll\":false}";
    assertThat(InvalidationCodec.decode(earlierVersion.getBytes(UTF_8))).isEqualTo(unknown);
  }

  @Test
  void malformedHostsAreReadAsUnknownNotAsFewerHosts() {
    for (String hosts : new String[] {"[1,\"2\"]", "[1,2.5]", "\"1\"", "{\"a\":1}", "[1,null]"}) {
      String json = "{\"v\":1,\"source\":\"a\",\"seq\":1,\"tags\":[\"" + TAG + "\"],\"flushAll\":false,\"hosts\":"
          + hosts + "}";
      assertThat(InvalidationCodec.decode(json.getBytes(UTF_8)).hosts()).as(hosts).isEmpty();
    }
  }
}
