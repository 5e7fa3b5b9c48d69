package dev.calcomclient.cache.internal;

/**
 * Whether invalidations from other instances currently reach this one (the bus is connected). The bus receiver
 * writes it, the slot store reads it: while peers are unreachable, L1 keeps what it stores for at most
 * {@link SlotStore#DISCONNECTED_L1_TTL}. Created before both, so neither needs the other.
 */
public final class PeerConnectivity {
  private volatile boolean reachable = true;

  /** Creates a connectivity state that starts reachable. */
  public PeerConnectivity() {}

  /**
   * Records whether peers are reachable.
   *
   * @param reachable true while the bus is connected
   */
  public void set(boolean reachable) {
    this.reachable = reachable;
  }

  /**
   * Whether peers are reachable.
   *
   * @return true while the bus is connected (and without a bus)
   */
  public boolean reachable() {
    return reachable;
  }
}
