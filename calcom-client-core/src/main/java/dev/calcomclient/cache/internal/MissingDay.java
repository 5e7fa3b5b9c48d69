package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;

/**
 * A day a {@link SlotStore} lookup did not find fresh in L1: its key, the L1 generation of its tag when it was
 * looked up (a fill stores only if the tag has not moved on), and the expired entry still at that generation, if
 * any, that {@link StaleIfError} may serve when the fetch fails (or finds no rate-limit token in time): L1's, or the
 * more recent one L2 keeps past its time to live ({@link RemoteSlotTier.Held#staleCandidate}).
 */
record MissingDay(SlotKey key, long l1Generation, LocalSlotTier.Entry staleCandidate) {}
