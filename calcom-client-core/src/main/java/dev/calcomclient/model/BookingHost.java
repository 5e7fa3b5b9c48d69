package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A host (organizer) of a booking.
 *
 * @param id the host's user id
 * @param name display name
 * @param email email address
 * @param username Cal.com username
 * @param timeZone the host's time zone as Cal.com stores it (see {@link #zone()})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BookingHost(Long id, String name, String email, String username, String timeZone) {

  /**
   * The host's time zone, if it is one Java knows.
   *
   * @return the host's time zone, if it is one Java knows
   */
  public Optional<ZoneId> zone() {
    return Zones.parse(timeZone);
  }
}
