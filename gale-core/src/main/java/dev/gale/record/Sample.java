package dev.gale.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact summary of a {@link Stats}: counts and latency percentiles, without the histograms. What the
 * timeline keeps per interval, and what JSON holds beside the encoded histograms.
 *
 * @param scheduled requests issued: arrivals taken from the schedule (open model; after gale fell behind, late,
 *     when it caught up) or started by users (closed model)
 * @param sent requests written to a connection
 * @param responses complete responses, any status
 * @param errors all errors, including unexpected statuses
 * @param failures errors without a complete response
 * @param dropped requests never sent because the wait queue was full
 * @param retries requests written a second time, after the kept-alive connection had been closed unanswered
 * @param bytesSent request bytes written
 * @param bytesReceived response bytes read
 * @param errorsByKind non-zero error counts by {@link ErrorKind#key()}
 * @param statuses non-zero response counts by status code
 * @param responseTime completion - intended start
 * @param serviceTime completion - actual send
 * @param scheduleLag dispatch - intended start: how late gale issued requests, connection waits excluded
 */
public record Sample(
        long scheduled,
        long sent,
        long responses,
        long errors,
        long failures,
        long dropped,
        long retries,
        long bytesSent,
        long bytesReceived,
        Map<String, Long> errorsByKind,
        Map<Integer, Long> statuses,
        Latency responseTime,
        Latency serviceTime,
        Latency scheduleLag) {

    /** Summarises {@code s}. */
    public static Sample of(Stats s) {
        Map<String, Long> kinds = new LinkedHashMap<>();
        s.errorCounts().forEach((k, v) -> kinds.put(k.key(), v));
        return new Sample(
                s.scheduled(),
                s.sent(),
                s.responses(),
                s.errors(),
                s.failures(),
                s.dropped(),
                s.retries(),
                s.bytesSent(),
                s.bytesReceived(),
                kinds,
                s.statusCounts(),
                Latency.of(s.responseTime()),
                Latency.of(s.serviceTime()),
                Latency.of(s.scheduleLag()));
    }
}
