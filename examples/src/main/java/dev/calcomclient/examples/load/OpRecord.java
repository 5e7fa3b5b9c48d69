package dev.calcomclient.examples.load;

import java.time.Instant;

/**
 * One finished user operation, as the harness saw it.
 *
 * @param id          unique within the scenario and client
 * @param op          which operation
 * @param simStart    simulated seconds since the scenario started
 * @param simEnd      simulated seconds at completion
 * @param wallStart   wall-clock start (to match the fake's journal)
 * @param wallEnd     wall-clock end
 * @param outcome     how it ended
 * @param eventTypeId the event type asked for
 * @param rangeStart  start of the whole range the operation looked at
 * @param rangeEnd    end of that range
 * @param lookups     slot lookups the operation made through the client
 * @param latencyMillis simulated latency reported for the operation: the whole operation, except for a booking,
 *                    where it is the create call alone (the lookup before it is not part of the PHP gateway's booking
 *                    latency)
 * @param error       the failure's class and message when the operation did not end {@link Outcome#OK}, else null
 * @param clientUpstreamCalls upstream calls the client says the operation cost (calcom-client's alternative
 *                    finder reports it), or -1 when the client does not say
 */
record OpRecord(String id, Op op, double simStart, double simEnd, Instant wallStart, Instant wallEnd,
    Outcome outcome, long eventTypeId, Instant rangeStart, Instant rangeEnd, int lookups, double latencyMillis,
    String error, int clientUpstreamCalls) {}
