package dev.calcomclient.invalidate;

/**
 * Counters of one {@link Invalidator} since it was created ({@link Invalidator#stats()}); the client-wide view of
 * invalidations, with durations, is {@link dev.calcomclient.metrics.InvalidationStats} in {@code client.stats()}.
 *
 * @param changes booking changes (and explicit event-type invalidations) applied
 * @param tagsInvalidated tags invalidated, summed over the changes
 * @param l1Evicted L1 entries evicted by those invalidations
 * @param tagsQueued tags that had to wait for the shared tier or bus, summed over the changes
 * @param tagsDropped tags dropped because the queue was full (other instances were then told to flush)
 * @param deliveries successful deliveries to the shared tier and bus (a retry that clears the queue counts once)
 * @param failedAttempts delivery attempts that failed and were retried
 * @param backlog distinct tags waiting for delivery now
 */
public record InvalidatorStats(
    long changes,
    long tagsInvalidated,
    long l1Evicted,
    long tagsQueued,
    long tagsDropped,
    long deliveries,
    long failedAttempts,
    int backlog) {}
