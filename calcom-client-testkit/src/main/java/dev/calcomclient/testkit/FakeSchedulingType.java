package dev.calcomclient.testkit;

/**
 * How a team event type of the fake picks its hosts; the wire value is what Cal.com API v2 returns in
 * {@code schedulingType}. The fake's own type, named like its other {@code Fake*} types: the testkit deliberately
 * does not depend on the client (so it can test any client), and the client decodes the same wire values into its
 * open {@code dev.calcomclient.model.SchedulingType}.
 */
public enum FakeSchedulingType {
  /** A slot is offered when at least one host is free; the booking goes to one free host. */
  ROUND_ROBIN("roundRobin"),
  /** A slot is offered only when every host is free; the booking includes all hosts. */
  COLLECTIVE("collective");

  private final String wireValue;

  FakeSchedulingType(String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * The value used on the wire ({@code roundRobin} or {@code collective}).
   *
   * @return the value used on the wire ({@code roundRobin} or {@code collective})
   */
  public String wireValue() {
    return wireValue;
  }
}
