package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.SlotsService;
import dev.calcomclient.cache.internal.SlotQueries;
import dev.calcomclient.cache.internal.SlotFetcher;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.internal.decode.Decoder;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.model.EventTypeSelector;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotReservation;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SlotsService} over the pipeline, with slot searches by event type id answered by the {@link SlotQueries}
 * (the two-tier cache, or its null object when the cache is disabled).
 *
 * <p>Only searches by {@code eventTypeId} are cached (also those with a duration or a booking to reschedule, under
 * their own dimensions). Searches by slug ({@code eventTypeSlug} with {@code username} or {@code teamSlug}) bypass
 * the cache and go to Cal.com as sent: the event type behind a slug is not known before the answer, so their
 * entries could not be tagged for invalidation.
 */
public final class DefaultSlotsService implements SlotsService {
  private static final String RESERVATIONS = "/v2/slots/reservations";

  private static final Logger log = LoggerFactory.getLogger(DefaultSlotsService.class);
  private static final int REMEMBERED_RESERVATIONS = 1_000;
  /** The longest slot a reservation's duration is believed for (a day). */
  private static final int MAX_SLOT_MINUTES = 24 * 60;

  private final ApiCaller caller;
  private final SlotQueries queries;
  private final Invalidator invalidator;
  /** Reservations made through this service, so that moving or releasing one can free its old time. */
  private final Map<String, SlotReservation> reservations =
      Caffeine.newBuilder()
          .maximumSize(REMEMBERED_RESERVATIONS)
          .executor(Runnable::run)
          .<String, SlotReservation>build()
          .asMap();

  /**
   * Creates the service.
   *
   * @param caller the client's API caller
   * @param queries answers searches by event type id (the cache, or its null object when disabled)
   * @param invalidator receives every reservation made, moved or released through this service (a held slot is not
   *     offered by Cal.com, so the cached day must not offer it either); the null object when the cache is disabled
   */
  public DefaultSlotsService(ApiCaller caller, SlotQueries queries, Invalidator invalidator) {
    this.caller = Objects.requireNonNull(caller, "caller");
    this.queries = Objects.requireNonNull(queries, "queries");
    this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
  }

  /**
   * The slot store's upstream call: {@code GET /v2/slots} by event type id over a UTC span, in range format, with
   * the lookup's options (lane, token wait, call timeout), through the whole pipeline.
   */
  public static SlotFetcher spanFetcher(ApiCaller caller) {
    return (eventTypeId, dims, from, to, options, flightScope, onDispatch) -> {
      CalcomRequest.Builder b =
          caller.request(Operation.SLOTS_FIND, "/v2/slots", options, Priority.STANDARD).flightScope(flightScope)
              .onDispatch(onDispatch);
      b.query("eventTypeId", eventTypeId);
      b.query("start", from.toString());
      b.query("end", to.toString());
      b.query("duration", dims.duration());
      b.query("format", "range");
      b.query("bookingUidToReschedule", dims.bookingUidToReschedule());
      return caller
          .send(b.build())
          .thenApply(
              resp -> {
                List<Slot> all = new ArrayList<>();
                caller.decoder().slotDays(Operation.SLOTS_FIND, resp).days().values().forEach(all::addAll);
                return all;
              });
    };
  }

  @Override
  public SlotsResult find(SlotQuery query, RequestOptions options) {
    return caller.await(findAsync(query, options), options);
  }

  @Override
  public CompletableFuture<SlotsResult> findAsync(SlotQuery query, RequestOptions options) {
    Checks.required("query", query);
    Checks.required("options", options);
    if (query.eventType().isById()) {
      return queries.find(query, options);
    }
    return direct(caller, query, options);
  }

  /**
   * Sends a search to Cal.com as asked (zone, format, selector), through the whole pipeline: the slug searches, and
   * every search of a client whose cache is disabled.
   *
   * @param caller the client's API caller
   * @return the search function
   */
  public static BiFunction<SlotQuery, RequestOptions, CompletableFuture<SlotsResult>> directFinder(
      ApiCaller caller) {
    return (query, options) -> direct(caller, query, options);
  }

  private static CompletableFuture<SlotsResult> direct(ApiCaller caller, SlotQuery query, RequestOptions options) {
    CalcomRequest.Builder b = caller.request(Operation.SLOTS_FIND, "/v2/slots", options, Priority.STANDARD);
    addSelector(b, query.eventType());
    b.query("start", query.start().toString());
    b.query("end", query.end().toString());
    if (query.timeZone() != null) {
      b.query("timeZone", query.timeZone().getId());
    }
    b.query("duration", query.duration());
    if (query.format() != null) {
      b.query("format", query.format().wireValue());
    }
    b.query("bookingUidToReschedule", query.bookingUidToReschedule());
    return caller
        .send(b.build())
        .thenApply(
            resp -> {
              Decoder.SlotDays decoded = caller.decoder().slotDays(Operation.SLOTS_FIND, resp);
              return new SlotsResult(decoded.days(), SlotsSource.UPSTREAM, decoded.issues());
            });
  }

  @Override
  public SlotReservation reserve(ReserveSlotRequest request, RequestOptions options) {
    return caller.await(reserveAsync(request, options), options);
  }

  @Override
  public CompletableFuture<SlotReservation> reserveAsync(ReserveSlotRequest request, RequestOptions options) {
    return sendReservation(Operation.SLOT_RESERVE, RESERVATIONS, request, options);
  }

  @Override
  public Optional<SlotReservation> getReservation(String reservationUid, RequestOptions options) {
    return caller.await(getReservationAsync(reservationUid, options), options);
  }

  @Override
  public CompletableFuture<Optional<SlotReservation>> getReservationAsync(
      String reservationUid, RequestOptions options) {
    String path = RESERVATIONS + "/" + PathSegments.uid("reservationUid", reservationUid);
    Checks.required("options", options);
    CalcomRequest r = caller.request(Operation.SLOT_RESERVATION_GET, path, options, Priority.STANDARD).build();
    return caller.send(r).thenApply(resp -> caller.decoder().optional(r.operation(), resp, SlotReservation.class));
  }

  @Override
  public SlotReservation updateReservation(
      String reservationUid, ReserveSlotRequest request, RequestOptions options) {
    return caller.await(updateReservationAsync(reservationUid, request, options), options);
  }

  @Override
  public CompletableFuture<SlotReservation> updateReservationAsync(
      String reservationUid, ReserveSlotRequest request, RequestOptions options) {
    String path = RESERVATIONS + "/" + PathSegments.uid("reservationUid", reservationUid);
    return sendReservation(Operation.SLOT_RESERVATION_UPDATE, path, request, options);
  }

  @Override
  public void deleteReservation(String reservationUid, RequestOptions options) {
    caller.await(deleteReservationAsync(reservationUid, options), options);
  }

  @Override
  public CompletableFuture<Void> deleteReservationAsync(String reservationUid, RequestOptions options) {
    String path = RESERVATIONS + "/" + PathSegments.uid("reservationUid", reservationUid);
    Checks.required("options", options);
    CalcomRequest r = caller.request(Operation.SLOT_RESERVATION_DELETE, path, options, Priority.STANDARD).build();
    return caller
        .send(r)
        .thenApply(
            resp -> {
              caller.decoder().requireNoError(r.operation(), resp);
              SlotReservation released = reservations.remove(reservationUid);
              if (released != null) {
                invalidate(
                    BookingChange.cancelled(
                        null, released.eventTypeId(), released.slotStart(), end(released), Set.of()));
              }
              return null;
            });
  }

  /** Adds the event type selector as {@code GET /v2/slots} query parameters. */
  static void addSelector(CalcomRequest.Builder b, EventTypeSelector s) {
    b.query("eventTypeId", s.eventTypeId());
    b.query("eventTypeSlug", s.eventTypeSlug());
    b.query("username", s.username());
    b.query("teamSlug", s.teamSlug());
    b.query("organizationSlug", s.organizationSlug());
  }

  /**
   * Creates or moves a reservation, by default on the interactive lane (a caller is holding the slot while
   * deciding).
   */
  private CompletableFuture<SlotReservation> sendReservation(
      Operation operation, String path, ReserveSlotRequest request, RequestOptions options) {
    Checks.required("request", request);
    Checks.required("options", options);
    caller.requireNotPast("slotStart", request.slotStart());
    CalcomRequest r =
        caller.request(operation, path, options, Priority.INTERACTIVE).body(Json.write(body(request))).build();
    return caller
        .send(r)
        .thenApply(resp -> caller.decoder().one(operation, resp, SlotReservation.class))
        .handle(
            (held, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(held);
              }
              if (Futures.unwrap(failure) instanceof SlotUnavailableException) {
                // Cal.com says the time is taken: the cached days must stop offering it (unless already so) before
                // the caller learns of the refusal.
                return RefusedTime.<SlotReservation>failAfterApplying(
                    invalidator, request.eventTypeId(), request.slotStart(), Set.of(), failure);
              }
              return CompletableFuture.<SlotReservation>failedFuture(failure);
            })
        .thenCompose(f -> f)
        .thenApply(
            held -> {
              SlotReservation before =
                  held.reservationUid() == null ? null : reservations.put(held.reservationUid(), held);
              Long eventTypeId = held.eventTypeId();
              invalidate(
                  before == null || before.slotStart() == null
                      ? BookingChange.created(null, eventTypeId, held.slotStart(), end(held), Set.of())
                      : BookingChange.rescheduled(
                          null, eventTypeId, held.slotStart(), end(held), before.slotStart(), end(before), Set.of()));
              return held;
            });
  }

  private static Instant end(SlotReservation r) {
    if (r.slotEnd() != null && !r.slotEnd().isBefore(r.slotStart())) {
      return r.slotEnd();
    }
    // A missing, negative or absurd duration gives a zero-length hold: the invalidator then assumes the event
    // type's longest length (found by the random answers the document allows).
    int minutes = r.slotDuration() == null || r.slotDuration() < 0 || r.slotDuration() > MAX_SLOT_MINUTES
        ? 0 : r.slotDuration();
    return r.slotStart().plus(Duration.ofMinutes(minutes));
  }

  /** Applies {@code change} to the cache (L1 synchronously); never fails the caller's call. */
  private void invalidate(BookingChange change) {
    try {
      invalidator.apply(change);
    } catch (RuntimeException e) {
      log.warn("invalidating after a slot reservation failed; cached days expire by their TTL", e);
    }
  }

  private static ObjectNode body(ReserveSlotRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("eventTypeId", request.eventTypeId());
    body.put("slotStart", request.slotStart().toString());
    if (request.slotDuration() != null) {
      body.put("slotDuration", request.slotDuration());
    }
    if (request.reservationDuration() != null) {
      body.put("reservationDuration", request.reservationDuration());
    }
    return body;
  }
}
