package dev.gale.engine;

/**
 * Requests waiting for a connection, by priority: one {@link WaitQueue} per priority level, level 0 the
 * highest. The head is the oldest request of the highest non-empty level, so when a target has fewer
 * connections than requests want, higher-priority requests go first and the others wait longer; their
 * wait is part of their response time, measured from their intended start. With one level it is exactly a
 * FIFO. Not thread-safe: owned by one pool on one event loop; allocates nothing once its rings have grown.
 */
final class PriorityWaitQueue {
    private final WaitQueue[] levels;
    private int size;

    /** A queue with {@code levels} priority levels (at least 1). */
    PriorityWaitQueue(int levels) {
        this.levels = new WaitQueue[Math.max(1, levels)];
        for (int i = 0; i < this.levels.length; i++) {
            this.levels[i] = new WaitQueue();
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The number of levels. */
    int levels() {
        return levels.length;
    }

    /** The queue of one level, for sweeps that look at every level's head. */
    WaitQueue level(int level) {
        return levels[level];
    }

    void addLast(int level, int tag, long intendedStartNanos, long nowNanos) {
        levels[level].addLast(tag, intendedStartNanos, nowNanos);
        size++;
    }

    private WaitQueue head() {
        for (WaitQueue q : levels) {
            if (!q.isEmpty()) {
                return q;
            }
        }
        throw new IllegalStateException("empty");
    }

    int headTag() {
        return head().headTag();
    }

    long headIntended() {
        return head().headIntended();
    }

    long headEnqueued() {
        return head().headEnqueued();
    }

    void removeHead() {
        head().removeHead();
        size--;
    }

    /** Removes every entry. */
    void clear() {
        while (size > 0) {
            removeHead();
        }
    }

    /** Removes the head of {@code level} (after a sweep found it expired). */
    void removeHead(int level) {
        levels[level].removeHead();
        size--;
    }
}
