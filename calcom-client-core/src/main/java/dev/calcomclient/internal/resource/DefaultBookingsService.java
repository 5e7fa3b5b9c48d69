package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.BookingsService;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.internal.decode.Decoder;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingHost;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.BookingSeries;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.DecodedList;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * time of a reschedule comes from the bookings this service has seen, or from a {@code GET} of the old booking sent
 * alongside the reschedule. A create or reschedule that Cal.com refuses because the time is no longer available
 * ({@link SlotUnavailableException}) invalidates that time too, so the cache heals at once, unless the cached copies
 * of its day already leave it out ({@link Invalidator#applyUnavailable}).
 */
public final class DefaultBookingsService implements BookingsService {
  private static final Logger log = LoggerFactory.getLogger(DefaultBookingsService.class);
  private static final String BOOKINGS = "/v2/bookings";

  private final ApiCaller caller;
  private final BookingCreateRecovery recovery;
  private final Invalidator invalidator;
  private final SeenBookings seen;

  /**
   * Creates the service; every booking mutation is handed to {@code invalidator}, and up to {@code
   * config.seenBookingsCapacity()} bookings are remembered to find the old time of a reschedule.
   *
   * @param caller the client's API caller
   * @param listener receives booking-create lookups
   * @param invalidator the invalidator, or {@link dev.calcomclient.invalidate.internal.NoopInvalidator} without a cache
   * @param seenBookingsCapacity how many bookings are remembered (0 without a cache: nothing to invalidate)
   */
  public DefaultBookingsService(
      ApiCaller caller, CalcomEventListener listener, Invalidator invalidator, int seenBookingsCapacity) {
    this.caller = caller;
    this.recovery = new BookingCreateRecovery(this::listForRecovery, caller.clock(), listener);
    this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
    this.seen = new SeenBookings(seenBookingsCapacity);
  }

  @Override
  public Booking create(CreateBookingRequest request, RequestOptions options) {
    return caller.await(createAsync(request, options), options);
  }

  @Override
  public CompletableFuture<Booking> createAsync(CreateBookingRequest request, RequestOptions options) {
    return createSeriesAsync(request, options).thenApply(BookingSeries::first);
  }

  @Override
  public BookingSeries createSeries(CreateBookingRequest request, RequestOptions options) {
    return caller.await(createSeriesAsync(request, options), options);
  }

  /**
   * Books and returns every booking Cal.com made; with an invalidator, the slots of every occurrence of a
   * recurring series are invalidated before the future completes.
   */
  @Override
  public CompletableFuture<BookingSeries> createSeriesAsync(CreateBookingRequest request, RequestOptions options) {
    Checks.required("request", request);
    caller.requireNotPast("start", request.start());
    CalcomRequest create = mutation(Operation.BOOKING_CREATE, BOOKINGS, body(request), options);
    // A create whose outcome is unknown (timeout, dropped connection, 5xx, undecodable 2xx) is looked up within
    // the same deadline, never re-posted.
    CompletableFuture<BookingSeries> created =
        recovery.settle(request, create, caller.send(create).thenApply(resp -> series(Operation.BOOKING_CREATE, resp)));
    return created
        .handle(
            (series, failure) -> {
              if (failure == null) {
                for (Booking booking : series.occurrences()) {
                  remember(booking);
                  invalidate(changeOf(BookingChange.Kind.CREATED, booking));
                }
                return CompletableFuture.completedFuture(series);
              }
              Throwable cause = Futures.unwrap(failure);
              Long eventTypeId = request.eventType().eventTypeId();
              if (cause instanceof SlotUnavailableException && eventTypeId != null) {
                // Cal.com says the time is taken: the cached days must stop offering it, unless they already do,
                // before the caller learns of the refusal.
                return RefusedTime.<BookingSeries>failAfterApplying(
                    invalidator, eventTypeId, request.start(), Set.of(), failure);
              }
              if (cause instanceof BookingOutcomeUnknownException || cause instanceof SlotUnavailableException) {
                // The booking may exist, or the time is taken for a type we cannot name: either way the cached
                // days must stop offering it. The end is unknown (zero length), so the invalidator assumes the
                // longest length.
                invalidate(BookingChange.created(null, eventTypeId, request.start(), request.start(), Set.of()));
              }
              return CompletableFuture.<BookingSeries>failedFuture(failure);
            })
        .thenCompose(f -> f);
  }

  /** The list call booking-create recovery uses: interactive lane, within the create's deadline. */
  private CompletableFuture<BookingPage> listForRecovery(BookingListQuery query, Instant deadline) {
    return list(query, RequestOptions.builder().lane(Priority.INTERACTIVE).build(), deadline);
  }

  @Override
  public Booking get(String bookingUid, RequestOptions options) {
    return caller.await(getAsync(bookingUid, options), options);
  }

  @Override
  public CompletableFuture<Booking> getAsync(String bookingUid, RequestOptions options) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid);
    Checks.required("options", options);
    CalcomRequest r = caller.request(Operation.BOOKING_GET, path, options, Priority.STANDARD).build();
    return caller.send(r).thenApply(resp -> remember(caller.decoder().one(r.operation(), resp, Booking.class)));
  }

  @Override
  public BookingPage list(BookingListQuery query, RequestOptions options) {
    return caller.await(listAsync(query, options), options);
  }

  @Override
  public CompletableFuture<BookingPage> listAsync(BookingListQuery query, RequestOptions options) {
    Checks.required("query", query);
    Checks.required("options", options);
    return list(query, options, null);
  }

  /** Lists with {@code options}, within {@code deadline} when not {@code null}. */
  private CompletableFuture<BookingPage> list(BookingListQuery query, RequestOptions options, Instant deadline) {
    CalcomRequest.Builder b = caller.request(Operation.BOOKING_LIST, BOOKINGS, options, Priority.STANDARD);
    if (deadline != null) {
      b.deadline(deadline);
    }
    // Several statuses go as repeated parameters (status=upcoming&status=past): the document declares an array
    // (form style, exploded), and Cal.com's GetBookingsInput keeps an array as it is (it splits only a string).
    // Event type and team ids go comma-separated: the document declares a string and Cal.com splits it.
    query.statuses().forEach(s -> b.query("status", s.wireValue()));
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
    CalcomRequest r = b.build();
    return caller.send(r).thenApply(resp -> page(r.operation(), resp)).thenApply(this::rememberAll);
  }

  @Override
  public Stream<Booking> listAll(BookingListQuery query, RequestOptions options) {
    Checks.required("query", query);
    Checks.required("options", options);
    Iterator<Booking> pages = new PagingIterator(query, options);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public Booking cancel(String bookingUid, CancelBookingRequest request, RequestOptions options) {
    return caller.await(cancelAsync(bookingUid, request, options), options);
  }

  @Override
  public CompletableFuture<Booking> cancelAsync(
      String bookingUid, CancelBookingRequest request, RequestOptions options) {
    return cancelSeriesAsync(bookingUid, request, options).thenApply(BookingSeries::first);
  }

  @Override
  public BookingSeries cancelSeries(String bookingUid, CancelBookingRequest request, RequestOptions options) {
    return caller.await(cancelSeriesAsync(bookingUid, request, options), options);
  }

  /**
   * Cancels and returns every booking Cal.com cancelled; with an invalidator, each one's time is freed, and with
   * {@code cancelSubsequentBookings} the later occurrences this service has seen are freed too.
   */
  @Override
  public CompletableFuture<BookingSeries> cancelSeriesAsync(
      String bookingUid, CancelBookingRequest request, RequestOptions options) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", bookingUid) + "/cancel";
    Checks.required("request", request);
    ObjectNode body = Json.mapper().createObjectNode();
    if (request.cancellationReason() != null) {
      body.put("cancellationReason", request.cancellationReason());
    }
    if (request.cancelSubsequentBookings() != null) {
      body.put("cancelSubsequentBookings", request.cancelSubsequentBookings());
    }
    CompletableFuture<BookingSeries> cancelled = mutate(Operation.BOOKING_CANCEL, path, body, options);
    return cancelled.thenApply(
        series -> {
          SeenBooking known = seen.get(bookingUid);
          for (Booking booking : series.occurrences()) {
            remember(booking);
            invalidate(changeOf(BookingChange.Kind.CANCELLED, booking));
          }
          if (Boolean.TRUE.equals(request.cancelSubsequentBookings())) {
            freeLaterOccurrences(series, known);
          }
          return series;
        });
  }

  @Override
  public Booking reschedule(String bookingUid, RescheduleBookingRequest request, RequestOptions options) {
    return caller.await(rescheduleAsync(bookingUid, request, options), options);
  }

  @Override
  public CompletableFuture<Booking> rescheduleAsync(
      String bookingUid, RescheduleBookingRequest request, RequestOptions options) {
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
    CompletableFuture<Booking> moved =
        mutate(Operation.BOOKING_RESCHEDULE, path, body, options).thenApply(BookingSeries::first);
    // The old time must be free in this client's answers when the reschedule returns. Cal.com's answer is the new
    // booking (with rescheduledFromUid, not the old time), so a booking this service has not seen is fetched
    // alongside the reschedule; once moved, the old booking still answers with its old start and end.
    SeenBooking known = seen.get(bookingUid);
    // Without a cache (nothing remembered) there is nothing to free: no extra request.
    CompletableFuture<SeenBooking> oldTime =
        known != null || !seen.tracking()
            ? CompletableFuture.completedFuture(known)
            : fetchSeen(bookingUid, options);
    return moved
        .handle(
            (booking, failure) ->
                oldTime.thenCompose(
                    old -> {
                      if (failure != null) {
                        Throwable cause = Futures.unwrap(failure);
                        if (cause instanceof SlotUnavailableException) {
                          // Cal.com says the new time is taken: stop offering it (unless already so) before the
                          // caller learns of the refusal.
                          if (old != null && old.eventTypeId() != null) {
                            return RefusedTime.<Booking>failAfterApplying(
                                invalidator, old.eventTypeId(), request.start(), old.hosts(), cause);
                          }
                          invalidate(BookingChange.created(null, null, request.start(), request.start(), Set.of()));
                        }
                        return CompletableFuture.<Booking>failedFuture(cause);
                      }
                      remember(booking);
                      onRescheduled(old, booking);
                      return CompletableFuture.completedFuture(booking);
                    }))
        .thenCompose(f -> f);
  }

  /**
   * The time of booking {@code uid} from Cal.com (in the reschedule's lane, by default interactive: a caller waits),
   * or {@code null}.
   */
  private CompletableFuture<SeenBooking> fetchSeen(String uid, RequestOptions options) {
    String path = BOOKINGS + "/" + PathSegments.uid("bookingUid", uid);
    CalcomRequest r = caller.request(Operation.BOOKING_GET, path, options, Priority.INTERACTIVE).build();
    return caller
        .send(r)
        .thenApply(resp -> seenOf(remember(caller.decoder().one(r.operation(), resp, Booking.class))))
        .exceptionally(
            failure -> {
              // The freed time stays shown as busy until its entries expire: safe, only less offered.
              log.debug("could not fetch booking {} to learn the time a reschedule frees", uid, failure);
              return null;
            });
  }

  /**
   * Invalidates the new time of a rescheduled booking and, when known, the old one it freed, before the caller's
   * future completes.
   */
  private void onRescheduled(SeenBooking old, Booking booking) {
    if (booking.start() == null || booking.end() == null) {
      log.debug("rescheduled booking {} came back without its time", booking.uid());
      if (old != null) {
        invalidate(BookingChange.cancelled(null, old.eventTypeId(), old.start(), old.end(), old.hosts()));
      }
      return;
    }
    Long eventTypeId = booking.resolvedEventTypeId().orElse(old == null ? null : old.eventTypeId());
    Set<Long> hosts = new LinkedHashSet<>(hostIds(booking));
    if (old != null) {
      hosts.addAll(old.hosts());
    }
    invalidate(
        BookingChange.rescheduled(
            booking.uid(), eventTypeId, booking.start(), endOf(booking),
            old == null ? null : old.start(), old == null ? null : old.end(), hosts));
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
    // An end before the start (never sent by Cal.com, allowed by its document) counts as a zero-length booking:
    // the invalidator then assumes the event type's longest length.
    return new BookingChange(
        kind, b.uid(), b.resolvedEventTypeId().orElse(null), b.start(), endOf(b), null, null, hostIds(b));
  }

  private static Instant endOf(Booking b) {
    return b.end().isBefore(b.start()) ? b.start() : b.end();
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
    SeenBooking known = seenOf(b);
    if (known != null && b.uid() != null) {
      seen.put(b.uid(), known);
    }
    return b;
  }

  private static SeenBooking seenOf(Booking b) {
    return b == null || b.start() == null || b.end() == null
        ? null
        : new SeenBooking(
            b.resolvedEventTypeId().orElse(null), b.start(), endOf(b), hostIds(b), b.recurringBookingUid());
  }

  private BookingPage rememberAll(BookingPage page) {
    page.items().forEach(this::remember);
    return page;
  }

  /**
   * With {@code cancelSubsequentBookings}, Cal.com cancels every later occurrence of the series, but may answer
   * with the one occurrence only: the later occurrences this service has seen are freed as well.
   */
  private void freeLaterOccurrences(BookingSeries series, SeenBooking known) {
    String seriesUid =
        series.recurringBookingUid().orElse(known == null ? null : known.recurringBookingUid());
    if (seriesUid == null) {
      return;
    }
    Instant from = series.first().start();
    Set<String> answered =
        series.occurrences().stream().map(Booking::uid).collect(Collectors.toSet());
    seen.occurrencesOf(seriesUid)
        .forEach(
            (uid, occurrence) -> {
              if (!answered.contains(uid) && !occurrence.start().isBefore(from)) {
                invalidate(
                    BookingChange.cancelled(
                        uid, occurrence.eventTypeId(), occurrence.start(), occurrence.end(), occurrence.hosts()));
              }
            });
  }

  /** Sends a booking mutation (by default on the interactive lane) and decodes the bookings it returns. */
  private CompletableFuture<BookingSeries> mutate(
      Operation operation, String path, ObjectNode body, RequestOptions options) {
    CalcomRequest r = mutation(operation, path, body, options);
    return caller.send(r).thenApply(resp -> series(operation, resp));
  }

  /** A booking mutation on the interactive lane (a caller waits) unless {@code options} name another. */
  private CalcomRequest mutation(Operation operation, String path, ObjectNode body, RequestOptions options) {
    Checks.required("options", options);
    return caller.request(operation, path, options, Priority.INTERACTIVE).body(Json.write(body)).build();
  }

  /** The booking(s) of a mutation's answer: one object, or an array for a recurring series. */
  private BookingSeries series(Operation operation, CalcomResponse resp) {
    DecodedList<Booking> all = caller.decoder().list(operation, resp, Booking.class);
    if (all.isEmpty()) {
      throw new CalcomDecodingException(
          operation + ": no booking with a valid identity in the answer's data (field "
              + (all.decodeIssues().isEmpty() ? "data" : all.decodeIssues().get(0).field()) + ")",
          resp.status(),
          resp.requestId(),
          null,
          operation,
          all.decodeIssues().isEmpty() ? "data" : all.decodeIssues().get(0).field());
    }
    return new BookingSeries(all, all.decodeIssues());
  }

  private BookingPage page(Operation operation, CalcomResponse response) {
    JsonNode root = Json.readSuccessEnvelope(response);
    if (!root.has("data")) {
      throw new CalcomDecodingException(
          operation + ": the success envelope has no data (field data)",
          response.status(), response.requestId(), null, operation, "data");
    }
    DecodedList<Booking> items = caller.decoder().elements(operation, response, root.get("data"), Booking.class);
    Decoder.Member<Pagination> pagination =
        caller.decoder().member(operation, root.get("pagination"), "pagination", Pagination.class);
    List<DecodeIssue> issues = new ArrayList<>(items.decodeIssues());
    issues.addAll(pagination.issues());
    return new BookingPage(items, pagination.value(), issues);
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
  private record SeenBooking(
      Long eventTypeId, Instant start, Instant end, Set<Long> hosts, String recurringBookingUid) {}

  /** The bookings this service saw most recently, by uid, bounded (a Caffeine size bound). */
  private static final class SeenBookings {
    private final Cache<String, SeenBooking> byUid;
    private final int capacity;

    SeenBookings(int capacity) {
      this.capacity = capacity;
      this.byUid = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    boolean tracking() {
      return capacity > 0;
    }

    SeenBooking get(String uid) {
      return byUid.getIfPresent(uid);
    }

    void put(String uid, SeenBooking booking) {
      byUid.put(uid, booking);
    }

    /** The remembered occurrences of a recurring series, by uid. */
    Map<String, SeenBooking> occurrencesOf(String recurringBookingUid) {
      Map<String, SeenBooking> out = new LinkedHashMap<>();
      byUid.asMap().forEach(
          (uid, b) -> {
            if (recurringBookingUid.equals(b.recurringBookingUid())) {
              out.put(uid, b);
            }
          });
      return out;
    }
  }

  /** Walks the pages of a query with skip/take, fetching a page only when the previous one is used up. */
  private final class PagingIterator implements Iterator<Booking> {
    private final BookingListQuery query;
    private final RequestOptions options;
    private final int pageSize;
    private int skip;
    private Iterator<Booking> current = Collections.emptyIterator();
    private boolean lastPageFetched;
    private Set<String> previousUids = Set.of();
    private int previousPage;

    PagingIterator(BookingListQuery query, RequestOptions options) {
      this.query = query;
      this.options = options;
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

    /**
     * Fetches the next page. The offset advances by every element Cal.com sent, left-out ones included. A page
     * that repeats the previous one (a server that ignores {@code skip}) ends the walk with a
     * {@link CalcomDecodingException} instead of looping forever; so does a page reporting a next page that is not
     * after it.
     */
    private void fetchNextPage() {
      BookingPage page = list(query.toBuilder().take(pageSize).skip(skip).build(), options);
      List<Booking> items = page.items();
      int sent = items.size() + page.skipped();
      Set<String> uids = items.stream().map(Booking::uid).collect(Collectors.toSet());
      if (!uids.isEmpty() && previousUids.containsAll(uids)) {
        throw notAdvancing("a page repeated the previous page's bookings");
      }
      Pagination p = page.pagination();
      if (p != null && previousPage > 0 && p.currentPage() > 0 && p.currentPage() <= previousPage) {
        throw notAdvancing("currentPage did not advance");
      }
      previousUids = uids;
      previousPage = p == null ? 0 : p.currentPage();
      skip += sent;
      boolean more = p != null ? page.hasNextPage() : sent >= pageSize;
      if (items.isEmpty() && (p == null || p.totalItems() <= skip)) {
        // Nothing decodable and nothing known to follow: stop rather than walk pages that cannot be told apart.
        more = false;
      }
      lastPageFetched = sent == 0 || !more;
      current = items.iterator();
    }

    private CalcomDecodingException notAdvancing(String why) {
      return new CalcomDecodingException(
          Operation.BOOKING_LIST + ": the bookings list does not advance at skip " + skip + " (" + why
              + "); stopped instead of looping (field pagination)",
          200, null, null, Operation.BOOKING_LIST, "pagination");
    }
  }
}
