package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeBookingStatus;
import java.time.Instant;
import java.util.List;

/** A booking as the fake stores it; mutated only under the state lock. */
public final class StoredBooking {
  long id;
  String uid;
  long eventTypeId;
  Instant start;
  Instant end;
  FakeBookingStatus status;
  String attendeeName;
  String attendeeEmail;
  String attendeePhone;
  String attendeeTimeZone;
  String attendeeLanguage;
  List<String> guests = List.of();
  List<Long> hostIds;
  String location;
  ObjectNode metadata = Json.object();
  Instant createdAt;
  Instant updatedAt;
  String cancellationReason;
  String cancelledByEmail;
  String reschedulingReason;
  String rescheduledByEmail;
  String rescheduledFromUid;
  String rescheduledToUid;
  String icsUid;

  public FakeBooking toView() {
    return new FakeBooking(id, uid, eventTypeId, start, end, status, attendeeName, attendeeEmail, attendeeTimeZone,
        hostIds, createdAt, cancellationReason, rescheduledFromUid, rescheduledToUid);
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return end;
  }

  public FakeBookingStatus status() {
    return status;
  }

  public String uid() {
    return uid;
  }
}
