package dev.calcomclient.testkit.internal;

/** Told about booking changes made through the API, while the state lock is held (the webhook emitter). */
interface BookingEvents {
  BookingEvents NONE = new BookingEvents() {
    @Override
    public void bookingCreated(StoredBooking booking) {}

    @Override
    public void bookingCancelled(StoredBooking booking) {}

    @Override
    public void bookingRescheduled(StoredBooking old, StoredBooking replacement) {}
  };

  void bookingCreated(StoredBooking booking);

  void bookingCancelled(StoredBooking booking);

  void bookingRescheduled(StoredBooking old, StoredBooking replacement);
}
