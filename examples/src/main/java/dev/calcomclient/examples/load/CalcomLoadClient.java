package dev.calcomclient.examples.load;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.EndpointGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/** calcom-client with every layer that exists, on the scenario's simulated clock and scheduler. */
final class CalcomLoadClient implements LoadClient {
  private final CalcomClient client;
  private final AtomicLong breakerOpens = new AtomicLong();
  private final java.util.concurrent.ConcurrentHashMap<String, Long> opensByGroup =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Integer> invalidatedKeys = Collections.synchronizedList(new ArrayList<>());

  CalcomLoadClient(String baseUrl, String apiKey, OkHttpClient http, SimTime time, ScaledScheduler scheduler) {
    CalcomEventListener listener = new CalcomEventListener() {
      @Override
      public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
          breakerOpens.incrementAndGet();
          opensByGroup.merge(group.name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
      }

      @Override
      public void invalidated(int keys, Duration duration) {
        invalidatedKeys.add(keys);
      }
    };
    this.client = CalcomClient.builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .okHttpClient(http)
        .clock(time.clock())
        .scheduler(scheduler)
        .addListener(listener)
        .build();
  }

  @Override
  public String name() {
    return "calcom-client";
  }

  @Override
  public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone) {
    SlotQuery query = SlotQuery.forEventType(eventTypeId).between(start, end).timeZone(zone).build();
    return client.slots().find(query).all().stream().map(Slot::startInstant).toList();
  }

  @Override
  public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
      ZoneId zone) {
    CreateBookingRequest request = CreateBookingRequest.builder()
        .eventTypeId(eventTypeId)
        .start(start)
        .attendee(Attendee.withEmail(attendeeName, attendeeEmail, zone))
        .build();
    return client.bookings().create(request).uid();
  }

  @Override
  public long breakerOpens() {
    return breakerOpens.get();
  }

  @Override
  public java.util.Map<String, Long> breakerOpensByGroup() {
    return java.util.Map.copyOf(opensByGroup);
  }

  @Override
  public List<Integer> invalidatedKeysPerBooking() {
    synchronized (invalidatedKeys) {
      return List.copyOf(invalidatedKeys);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
