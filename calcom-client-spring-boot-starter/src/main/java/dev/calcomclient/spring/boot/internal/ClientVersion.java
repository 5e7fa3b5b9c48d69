package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.CalcomClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The core's version, from the {@code calcom-client.properties} its build writes. */
public final class ClientVersion {
  private ClientVersion() {}

  /** @return the version, or {@code dev} when the core was not built by Maven */
  public static String get() {
    try (InputStream in = CalcomClient.class.getResourceAsStream("/calcom-client.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (IOException e) {
      // informational only
    }
    return "dev";
  }
}
