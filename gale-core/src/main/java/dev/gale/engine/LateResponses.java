package dev.gale.engine;

import java.util.Arrays;

/**
 * The open-model responses one event loop recorded once the measured time may have ended: when each came and
 * which recorder slot it went to. Where the measured time ends is known only when the run is over (the last
 * answered send may lengthen it, see {@link RunContext#measuredNanos}), so the loop notes the responses that
 * may be past it, and the run, once it knows, counts those that are ({@link #countAfter}): they stay in every
 * latency figure, and are in no rate, as a closed-model user's response after the users stopped.
 *
 * <pre>{@code
 * late.add(nowNanos, slot);                      // the loop, for each response from the earliest possible end
 * late.countAfter(runStart + endNanos, counts);  // the run, after the loop has closed
 * }</pre>
 *
 * Not thread-safe: the loop adds, and the run reads once the loop has nothing left to record (its last task
 * hands this over). Two growable primitive arrays, 12 bytes a response: a response allocates only when they
 * grow, which doubles them.
 */
final class LateResponses {
    private static final int INITIAL_CAPACITY = 256;

    private long[] atNanos = new long[0];
    private int[] slots = new int[0];
    private int size;

    /**
     * A response came at {@code completedAtNanos} ({@link System#nanoTime()}) and was recorded in recorder slot
     * {@code slot}.
     */
    void add(long completedAtNanos, int slot) {
        if (size == atNanos.length) {
            int capacity = Math.max(INITIAL_CAPACITY, size * 2);
            atNanos = Arrays.copyOf(atNanos, capacity);
            slots = Arrays.copyOf(slots, capacity);
        }
        atNanos[size] = completedAtNanos;
        slots[size] = slot;
        size++;
    }

    /** The responses noted. */
    int size() {
        return size;
    }

    /**
     * Adds to {@code counts[slot]} one for each response noted after {@code endNanos} ({@link System#nanoTime()})
     * whose slot is below {@code counts.length}: pass the number of requests to count the measured ones (warm-up
     * slots come after them, see {@link Tags}). Not one at {@code endNanos}: when the measured time runs until
     * the last answered send, that send went out on the connection a response freed at that very instant.
     */
    void countAfter(long endNanos, long[] counts) {
        for (int i = 0; i < size; i++) {
            if (atNanos[i] > endNanos && slots[i] < counts.length) {
                counts[slots[i]]++;
            }
        }
    }
}
