package dev.gale.engine;

/**
 * A request in flight or waiting is identified by an {@code int} tag instead of an object, so that queueing
 * and sending allocate nothing. Layout:
 *
 * <pre>{@code
 * bits  0..19  recorder slot: request index, plus the request count in warm-up phases
 * bits 20..28  phase index (up to 512 phases)
 * bit  29      already retried once after a reused connection died before answering
 * bit  30      sent by a closed-model user, who sends the next request when this one ends
 * }</pre>
 */
final class Tags {
    static final int MAX_SLOTS = 1 << 20;
    static final int MAX_PHASES = 1 << 9;
    private static final int SLOT_MASK = MAX_SLOTS - 1;
    private static final int PHASE_SHIFT = 20;
    private static final int PHASE_MASK = MAX_PHASES - 1;
    private static final int RETRIED = 1 << 29;
    private static final int CLOSED_USER = 1 << 30;

    private Tags() {}

    static int of(int slot, int phase, boolean closedUser) {
        return slot | (phase << PHASE_SHIFT) | (closedUser ? CLOSED_USER : 0);
    }

    static int slot(int tag) {
        return tag & SLOT_MASK;
    }

    static int phase(int tag) {
        return (tag >>> PHASE_SHIFT) & PHASE_MASK;
    }

    static boolean closedUser(int tag) {
        return (tag & CLOSED_USER) != 0;
    }

    static boolean retried(int tag) {
        return (tag & RETRIED) != 0;
    }

    static int markRetried(int tag) {
        return tag | RETRIED;
    }
}
