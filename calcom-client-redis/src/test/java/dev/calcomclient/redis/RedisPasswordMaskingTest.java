package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis password never appears in what {@code CalcomRedis} throws: not in the message, not in any cause's message,
 * not in the printed stack trace, whether the URI is malformed, names no known scheme, or points nowhere.
 */
class RedisPasswordMaskingTest {
  private static final String PASSWORD = "s3cret-Redis-pass";

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder sb = new StringBuilder(w.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append('\n').append(c.getMessage());
    }
    return sb.toString();
  }

  @Test
  void aRedisPasswordAppearedInTheStartupExceptionOfAMalformedUri() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    List<String> uris =
        List.of(
            "redis://:" + PASSWORD + "@127.0.0.1:notaport",
            "redis://user:" + PASSWORD + "@127.0.0.1:" + closedPort + "/notadb",
            "redis://" + PASSWORD + "@[::1:" + closedPort,
            "rediss://:" + PASSWORD + "@127.0.0.1:" + closedPort + "?timeout=x",
            "redis-cluster://:" + PASSWORD + "@,",
            "redis-sentinel://:" + PASSWORD + "@127.0.0.1:" + closedPort,
            "http://user:" + PASSWORD + "@127.0.0.1:" + closedPort,
            "user:" + PASSWORD + "@127.0.0.1:" + closedPort);
    for (String uri : uris) {
      Throwable failure =
          catchThrowable(
              () -> CalcomRedis.builder()
                  .uri(uri)
                  .expectedInstances(1)
                  .connectTimeout(Duration.ofMillis(300))
                  .build()
                  .close());

      assertThat(failure).as(uri).isInstanceOf(IllegalStateException.class);
      assertThat(everything(failure)).as(uri).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aPercentEncodedPasswordIsMaskedInBothForms() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String encoded = "p%40ss%3Aw0rd-XYZ";
    Throwable failure =
        catchThrowable(
            () -> CalcomRedis.builder()
                .uri("redis://:" + encoded + "@127.0.0.1:" + closedPort)
                .expectedInstances(1)
                .connectTimeout(Duration.ofMillis(300))
                .build()
                .close());

    assertThat(failure).isInstanceOf(IllegalStateException.class);
    assertThat(everything(failure)).doesNotContain(encoded).doesNotContain("p@ss:w0rd-XYZ");
  }
}
