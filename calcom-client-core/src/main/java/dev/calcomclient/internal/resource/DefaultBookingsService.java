package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.BookingsService;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingHost;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingListStatus;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventTypeSelector;
import dev.calcomclient.model.Pagination;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.SortOrder;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.retry.internal.BookingCreateRecovery;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BookingsService} over the pipeline. With an {@link Invalidator}, every successful create, cancel and
 * reschedule invalidates the slots it changed before the caller's future completes (read-your-writes); the old
 * time of a reschedule comes from the bookings this service has seen, or from a background {@code GET} of the
 * old booking after the reschedule returned.
 */
public final class DefaultBookingsService implements BookingsService {
  private static final Logger log = LoggerFactory.getLogger(DefaultBookingsService.class);
  private static final String BOOKINGS = "/v2/bookings";
  private static final JavaType BOOKING_LIST = Json.listOf(Booking.class);
  private static final JavaType PAGINATION = Json.type(Pagination.class);

  private final ApiCaller caller;
  private final BookingCreateRecovery recovery;
  private final Invalidator invalidator;
  private final SeenBookings seen;

  /** Creates the service without invalidation; booking-create lookups are reported to no listener. */
  public DefaultBookingsService(ApiCaller caller) {
    this(caller, new CalcomEventListener() {});
  }

  /** Creates the service without invalidation; booking-create lookups are reported to {@code listener}. */
  public DefaultBookingsService(ApiCaller caller, CalcomEventListener listener) {
    this.caller = caller;
    this.recovery = new BookingCreateRecovery(caller, listener);
    this.invalidator = null;
    this.seen = new SeenBookings(0);
  }

  /**
   * Creates the service; every booking mutation is handed to {@code invalidator}, and up to {@code
   * config.seenBookingsCapacity()} bookings are remembered to find the old time of a reschedule.
   */
  public DefaultBookingsService(
      ApiCaller caller, CalcomEventListener listener, Invalidator invalidator, InvalidationConfig config) {
    this.caller = caller;
    this.recovery = new BookingCreateRecovery(caller, listener);
    this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
    this.seen = new SeenBookings(config.seenBookingsCapacity());
  }

  @Override
  public Booking create(CreateBookingRequest request) {
    return Futures.join(createAsync(request));
  }

  @Override
  public CompletableFuture<Booking> createAsync(CreateBookingRequest request) {
    Checks.required("request", request);
    caller.requireNotPast("start", request.start());
    CompletableFuture<Booking> created = mutate(Operation.BOOKING_CREATE, BOOKINGS, body(request));
    if (invalidator == null) {
      return created;
    }
    return created.whenComplete(
        (booking, failure) -> {
          if (failure == null) {
            remember(booking);
            invalidate(changeOf(BookingChange.Kind.CREATED, booking));
          } else if (Futures.unwrap(failure) instanceof BookingOutcomeUnknownException) {
            // The booking may exist: its time may be taken. The end is unknown (zero length), so the invalidator
            // assumes the event type's longest length.
            Long eventTypeId = request.eventType().eventTypeId();
            invalidate(
                BookingChange.created(null, eventTypeId, request.start(), request.start(), Set.of()));
          }
        });
  }

  @Override
  public Booking get(String bookingUid) {
    return Futures.join(getAsync(bookingUid));
  }

  @Override
  public CompletableFuture<Booking> getAsync(String bookingUid) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid);
    CalcomRequest r = caller.request(Operation.BOOKING_GET, path).build();
    return caller.send(r).thenApply(resp -> remember(Responses.singleOrFirst(resp, Booking.class)));
  }

  @Override
  public BookingPage list(BookingListQuery query) {
    return Futures.join(listAsync(query));
  }

  @Override
  public CompletableFuture<BookingPage> listAsync(BookingListQuery query) {
    Checks.required("query", query);
    CalcomRequest.Builder b = caller.request(Operation.BOOKING_LIST, BOOKINGS);
    if (!query.statuses().isEmpty()) {
      b.query("status", csv(query.statuses().stream().map(BookingListStatus::wireValue)));
    }
    b.query("attendeeEmail", query.attendeeEmail());
    b.query("attendeeName", query.attendeeName());
    b.query("bookingUid", query.bookingUid());
    if (query.eventTypeIds().size() == 1) {
      b.query("eventTypeId", query.eventTypeIds().get(0));
    } else if (!query.eventTypeIds().isEmpty()) {
      b.query("eventTypeIds", csv(query.eventTypeIds().stream().map(String::valueOf)));
    }
    if (query.teamIds().size() == 1) {
      b.query("teamId", query.teamIds().get(0));
    } else if (!query.teamIds().isEmpty()) {
      // Cal.com's parameter is "teamsIds" (the spec's example says "teamIds", which the server ignores).
      b.query("teamsIds", csv(query.teamIds().stream().map(String::valueOf)));
    }
    b.query("afterStart", iso(query.afterStart()));
    b.query("beforeEnd", iso(query.beforeEnd()));
    b.query("afterCreatedAt", iso(query.afterCreatedAt()));
    b.query("beforeCreatedAt", iso(query.beforeCreatedAt()));
    b.query("sortStart", order(query.sortStart()));
    b.query("sortEnd", order(query.sortEnd()));
    b.query("sortCreated", order(query.sortCreated()));
    b.query("take", query.take());
    b.query("skip", query.skip());
    return caller.send(b.build()).thenApply(DefaultBookingsService::page).thenApply(this::rememberAll);
  }

  @Override
  public Stream<Booking> listAll(BookingListQuery query) {
    Checks.required("query", query);
    Iterator<Booking> pages = new PagingIterator(query);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public Booking cancel(String bookingUid, CancelBookingRequest request) {
    return Futures.join(cancelAsync(bookingUid, request));
  }

  @Override
  public CompletableFuture<Booking> cancelAsync(String bookingUid, CancelBookingRequest request) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid) + "/cancel";
    Checks.required("request", request);
    ObjectNode body = Json.mapper().createObjectNode();
    if (request.cancellationReason() != null) {
      body.put("cancellationReason", request.cancellationReason());
    }
    if (request.cancelSubsequentBookings() != null) {
      body.put("cancelSubsequentBookings", request.cancelSubsequentBookings());
    }
    CompletableFuture<Booking> cancelled = mutate(Operation.BOOKING_CANCEL, path, body);
    if (invalidator == null) {
      return cancelled;
    }
    return cancelled.thenApply(
        booking -> {
          SeenBooking known = seen.get(bookingUid);
          remember(booking);
          if (booking.start() != null && booking.end() != null) {
            invalidate(changeOf(BookingChange.Kind.CANCELLED, booking));
          } else if (known != null) {
            invalidate(
                BookingChange.cancelled(bookingUid, known.eventTypeId(), known.start(), known.end(), known.hosts()));
          } else {
            // Freed time that is not found only stays shown as busy until its entries expire: safe.
            log.debug("cancelled booking {} came back without its time; nothing to invalidate", booking.uid());
          }
          return booking;
        });
  }

  @Override
  public Booking reschedule(String bookingUid, RescheduleBookingRequest request) {
    return Futures.join(rescheduleAsync(bookingUid, request));
  }

  @Override
  public CompletableFuture<Booking> rescheduleAsync(String bookingUid, RescheduleBookingRequest request) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid) + "/reschedule";
    Checks.required("request", request);
    caller.requireNotPast("start", request.start());
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("start", request.start().toString());
    if (request.rescheduledBy() != null) {
      body.put("rescheduledBy", request.rescheduledBy());
    }
    if (request.reschedulingReason() != null) {
      body.put("reschedulingReason", request.reschedulingReason());
    }
    CompletableFuture<Booking> moved = mutate(Operation.BOOKING_RESCHEDULE, path, body);
    if (invalidator == null) {
      return moved;
    }
    return moved.thenApply(
        booking -> {
          SeenBooking old = seen.get(bookingUid);
          remember(booking);
          onRescheduled(bookingUid, old, booking);
          return booking;
        });
  }

  /**
   * Invalidates the new time of a rescheduled booking at once, with the old time when this service has seen the
   * old booking; otherwise fetches the old booking in the background and invalidates its (freed) time then.
   */
  private void onRescheduled(String oldUid, SeenBooking old, Booking booking) {
    if (booking.start() == null || booking.end() == null) {
      log.debug("rescheduled booking {} came back without its time", booking.uid());
      return;
    }
    Long eventTypeId = booking.resolvedEventTypeId().orElse(old == null ? null : old.eventTypeId());
    Set<Long> hosts = new LinkedHashSet<>(hostIds(booking));
    if (old != null) {
      hosts.addAll(old.hosts());
      invalidate(
          BookingChange.rescheduled(
              booking.uid(), eventTypeId, booking.start(), booking.end(), old.start(), old.end(), hosts));
      return;
    }
    invalidate(
        BookingChange.rescheduled(booking.uid(), eventTypeId, booking.start(), booking.end(), null, null, hosts));
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", oldUid);
    CalcomRequest r = caller.request(Operation.BOOKING_GET, path).priority(Priority.BACKGROUND).build();
    caller
        .send(r)
        .thenApply(resp -> remember(Responses.singleOrFirst(resp, Booking.class)))
        .whenComplete(
            (previous, failure) -> {
              if (failure != null) {
                // The freed time stays shown as busy until its entries expire: safe, only less offered.
                log.debug("could not fetch rescheduled booking {} to free its old time", oldUid, failure);
              } else if (previous.start() != null && previous.end() != null) {
                invalidate(changeOf(BookingChange.Kind.CANCELLED, previous));
              }
            });
  }

  private void invalidate(BookingChange change) {
    try {
      invalidator.apply(change);
    } catch (RuntimeException e) {
      // The booking happened; a failing invalidation must not turn it into an error.
      log.warn("invalidating the slots of a booking change failed", e);
    }
  }

  private static BookingChange changeOf(BookingChange.Kind kind, Booking b) {
    return new BookingChange(
        kind, b.uid(), b.resolvedEventTypeId().orElse(null), b.start(), b.end(), null, null, hostIds(b));
  }

  private static Set<Long> hostIds(Booking b) {
    Set<Long> ids = new LinkedHashSet<>();
    for (BookingHost h : b.hosts()) {
      if (h.id() != null) {
        ids.add(h.id());
      }
    }
    return ids;
  }

  private Booking remember(Booking b) {
    if (invalidator != null && b != null && b.uid() != null && b.start() != null && b.end() != null) {
      seen.put(b.uid(), new SeenBooking(b.resolvedEventTypeId().orElse(null), b.start(), b.end(), hostIds(b)));
    }
    return b;
  }

  private BookingPage rememberAll(BookingPage page) {
    if (invalidator != null) {
      page.items().forEach(this::remember);
    }
    return page;
  }

  /** Sends a booking mutation on the interactive lane (a caller waits) and decodes the booking it returns. */
  private CompletableFuture<Booking> mutate(Operation operation, String path, ObjectNode body) {
    CalcomRequest r =
        caller.request(operation, path).priority(Priority.INTERACTIVE).body(Json.write(body)).build();
    // A create whose outcome is unknown (timeout, dropped connection) is looked up, never re-posted.
    CompletableFuture<CalcomResponse> sent =
        operation == Operation.BOOKING_CREATE ? recovery.send(r) : caller.send(r);
    return sent.thenApply(resp -> Responses.singleOrFirst(resp, Booking.class));
  }

  private static BookingPage page(CalcomResponse response) {
    JsonNode root = Json.readSuccessEnvelope(response);
    List<Booking> items = Responses.member(response, root, "data", BOOKING_LIST);
    Pagination pagination = Responses.member(response, root, "pagination", PAGINATION);
    return new BookingPage(items, pagination);
  }

  private static ObjectNode body(CreateBookingRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("start", request.start().toString());
    Attendee a = request.attendee();
    ObjectNode attendee = body.putObject("attendee");
    attendee.put("name", a.name());
    attendee.put("timeZone", a.timeZone().getId());
    if (a.email() != null) {
      attendee.put("email", a.email());
    }
    if (a.phoneNumber() != null) {
      attendee.put("phoneNumber", a.phoneNumber());
    }
    if (a.language() != null) {
      attendee.put("language", a.language());
    }
    EventTypeSelector s = request.eventType();
    if (s.eventTypeId() != null) {
      body.put("eventTypeId", s.eventTypeId());
    }
    putIfPresent(body, "eventTypeSlug", s.eventTypeSlug());
    putIfPresent(body, "username", s.username());
    putIfPresent(body, "teamSlug", s.teamSlug());
    putIfPresent(body, "organizationSlug", s.organizationSlug());
    if (!request.guests().isEmpty()) {
      request.guests().forEach(body.putArray("guests")::add);
    }
    if (request.location() != null) {
      body.set("location", Json.mapper().valueToTree(request.location().toJson()));
    }
    if (!request.metadata().isEmpty()) {
      body.set("metadata", Json.mapper().valueToTree(request.metadata()));
    }
    if (request.lengthInMinutes() != null) {
      body.put("lengthInMinutes", request.lengthInMinutes());
    }
    if (!request.bookingFieldsResponses().isEmpty()) {
      body.set("bookingFieldsResponses", Json.mapper().valueToTree(request.bookingFieldsResponses()));
    }
    return body;
  }

  private static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static String csv(Stream<String> values) {
    return values.collect(Collectors.joining(","));
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String order(SortOrder order) {
    return order == null ? null : order.wireValue();
  }

  /** What a reschedule needs to know about the booking it moves. */
  private record SeenBooking(Long eventTypeId, Instant start, Instant end, Set<Long> hosts) {}

  /** The bookings this service saw most recently, by uid, bounded (a Caffeine size bound). */
  private static final class SeenBookings {
    private final Cache<String, SeenBooking> byUid;

    SeenBookings(int capacity) {
      this.byUid = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    SeenBooking get(String uid) {
      return byUid.getIfPresent(uid);
    }

    void put(String uid, SeenBooking booking) {
      byUid.put(uid, booking);
    }
  }

  /** Walks the pages of a query with skip/take, fetching a page only when the previous one is used up. */
  private final class PagingIterator implements Iterator<Booking> {
    private final BookingListQuery query;
    private final int pageSize;
    private int skip;
    private Iterator<Booking> current = Collections.emptyIterator();
    private boolean lastPageFetched;

    PagingIterator(BookingListQuery query) {
      this.query = query;
      this.pageSize = query.effectiveTake();
      this.skip = query.effectiveSkip();
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && !lastPageFetched) {
        fetchNextPage();
      }
      return current.hasNext();
    }

    @Override
    public Booking next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more bookings");
      }
      return current.next();
    }

    private void fetchNextPage() {
      BookingPage page = list(query.toBuilder().take(pageSize).skip(skip).build());
      List<Booking> items = page.items();
      skip += items.size();
      boolean more = page.pagination() != null ? page.hasNextPage() : items.size() >= pageSize;
      lastPageFetched = items.isEmpty() || !more;
      current = items.iterator();
    }
  }
}
