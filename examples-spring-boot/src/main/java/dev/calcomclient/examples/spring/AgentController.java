package dev.calcomclient.examples.spring;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ConflictException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.Alternatives;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.spring.boot.CalcomWebhookReceivedEvent;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a voice agent asks: the free times of a day, the nearest alternatives to a taken time, and a booking. Every
 * answer is small JSON with local times, ready to be read out.
 */
@RestController
public class AgentController {
  private static final Logger log = LoggerFactory.getLogger(AgentController.class);

  private final CalcomClient client;

  /**
   * @param client the starter's client
   */
  public AgentController(CalcomClient client) {
    this.client = client;
  }

  /**
   * The free start times of a day.
   *
   * @param eventTypeId the event type
   * @param date the day, in {@code zone}
   * @param zone the caller's time zone
   * @return the times and where the answer came from (L1, L2, UPSTREAM, STALE)
   */
  @GetMapping("/availability")
  public Availability availability(
      @RequestParam long eventTypeId, @RequestParam LocalDate date, @RequestParam String zone) {
    ZoneId z = ZoneId.of(zone);
    SlotsResult result =
        client.slots()
            .find(
                SlotQuery.forEventType(eventTypeId)
                    .between(date.atStartOfDay(z).toInstant(), date.plusDays(1).atStartOfDay(z).toInstant())
                    .timeZone(z)
                    .build());
    return new Availability(
        date, zone, result.source().name(), result.all().stream().map(s -> s.start().toString()).toList());
  }

  /**
   * The nearest free times to a desired one (one upstream call at most).
   *
   * @param eventTypeId the event type
   * @param at the desired local time
   * @param zone the caller's time zone
   * @param count how many to propose
   * @return whether the desired time is free, and the alternatives
   */
  @GetMapping("/alternatives")
  public Proposal alternatives(
      @RequestParam long eventTypeId,
      @RequestParam LocalDateTime at,
      @RequestParam String zone,
      @RequestParam(defaultValue = "3") int count) {
    ZoneId z = ZoneId.of(zone);
    Alternatives found =
        client.alternatives()
            .find(
                eventTypeId,
                at.atZone(z).toInstant(),
                AlternativeOptions.builder().timeZone(z).count(count).build());
    return new Proposal(
        found.desiredAvailable(),
        found.alternatives().stream()
            .map(a -> new Proposal.Option(a.slot().start().toString(), a.strategy().name()))
            .toList());
  }

  /**
   * Books a time.
   *
   * @param request the event type, start, attendee
   * @return the booking, 201
   */
  @PostMapping("/bookings")
  public ResponseEntity<Booked> book(@RequestBody BookingRequest request) {
    Booking b =
        client.bookings()
            .create(
                CreateBookingRequest.builder()
                    .eventTypeId(request.eventTypeId())
                    .start(request.start().toInstant())
                    .attendee(Attendee.withEmail(request.name(), request.email(), request.timeZone()))
                    .build());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Booked(b.uid(), b.start().toString(), b.status().value()));
  }

  /**
   * Logs bookings made elsewhere, as the starter's webhook endpoint reports them.
   *
   * @param event a verified delivery
   */
  @EventListener
  public void onWebhook(CalcomWebhookReceivedEvent event) {
    log.info(
        "Cal.com {}: {}",
        event.event().trigger().name(),
        event.event().booking().map(b -> b.uid() + " at " + b.startTime()).orElse("no booking"));
  }

  @ExceptionHandler(ValidationException.class)
  ResponseEntity<String> invalid(ValidationException e) {
    return ResponseEntity.badRequest().body(e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<String> taken(ConflictException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body("that time was just taken; ask for alternatives");
  }

  /** A Monday two weeks ahead, for the printed examples. */
  static LocalDate sampleDay() {
    return LocalDate.now().plusDays(14).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
  }

  /**
   * @param date the day
   * @param zone the zone
   * @param source where the answer came from
   * @param slots the start times with their offsets
   */
  public record Availability(LocalDate date, String zone, String source, List<String> slots) {}

  /**
   * @param desiredAvailable whether the desired time is free
   * @param alternatives the nearest free times
   */
  public record Proposal(boolean desiredAvailable, List<Option> alternatives) {
    /**
     * @param start the start with its offset
     * @param strategy how it relates to the desired time
     */
    public record Option(String start, String strategy) {}
  }

  /**
   * @param eventTypeId the event type
   * @param start the start with its offset
   * @param name the attendee's name
   * @param email the attendee's email
   * @param timeZone the attendee's zone
   */
  public record BookingRequest(long eventTypeId, OffsetDateTime start, String name, String email, String timeZone) {}

  /**
   * @param uid the booking's uid
   * @param start its start
   * @param status its status
   */
  public record Booked(String uid, String start, String status) {}
}
