package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.BookingsService;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
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
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** {@link BookingsService} over the pipeline. */
public final class DefaultBookingsService implements BookingsService {
  private static final String BOOKINGS = "/v2/bookings";
  private static final JavaType BOOKING_LIST = Json.listOf(Booking.class);
  private static final JavaType PAGINATION = Json.type(Pagination.class);

  private final ApiCaller caller;
  private final BookingCreateRecovery recovery;

  /** Creates the service; booking-create lookups are reported to no listener. */
  public DefaultBookingsService(ApiCaller caller) {
    this(caller, new CalcomEventListener() {});
  }

  /** Creates the service; booking-create lookups are reported to {@code listener}. */
  public DefaultBookingsService(ApiCaller caller, CalcomEventListener listener) {
    this.caller = caller;
    this.recovery = new BookingCreateRecovery(caller, listener);
  }

  @Override
  public Booking create(CreateBookingRequest request) {
    return Futures.join(createAsync(request));
  }

  @Override
  public CompletableFuture<Booking> createAsync(CreateBookingRequest request) {
    Checks.required("request", request);
    return mutate(Operation.BOOKING_CREATE, BOOKINGS, body(request));
  }

  @Override
  public Booking get(String bookingUid) {
    return Futures.join(getAsync(bookingUid));
  }

  @Override
  public CompletableFuture<Booking> getAsync(String bookingUid) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid);
    CalcomRequest r = caller.request(Operation.BOOKING_GET, path).build();
    return caller.send(r).thenApply(resp -> Responses.singleOrFirst(resp, Booking.class));
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
    return caller.send(b.build()).thenApply(DefaultBookingsService::page);
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
    return mutate(Operation.BOOKING_CANCEL, path, body);
  }

  @Override
  public Booking reschedule(String bookingUid, RescheduleBookingRequest request) {
    return Futures.join(rescheduleAsync(bookingUid, request));
  }

  @Override
  public CompletableFuture<Booking> rescheduleAsync(String bookingUid, RescheduleBookingRequest request) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid) + "/reschedule";
    Checks.required("request", request);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("start", request.start().toString());
    if (request.rescheduledBy() != null) {
      body.put("rescheduledBy", request.rescheduledBy());
    }
    if (request.reschedulingReason() != null) {
      body.put("reschedulingReason", request.reschedulingReason());
    }
    return mutate(Operation.BOOKING_RESCHEDULE, path, body);
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
