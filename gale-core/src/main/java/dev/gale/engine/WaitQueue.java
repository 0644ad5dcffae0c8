package dev.gale.engine;

/**
 * Requests waiting for a connection, oldest first: a growable ring of primitive entries (tag, intended
 * start, enqueue time), so waiting allocates nothing once the ring has grown. Not thread-safe: owned by one
 * pool on one event loop.
 */
final class WaitQueue {
    private int[] tags = new int[16];
    private long[] intended = new long[16];
    private long[] enqueued = new long[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(int tag, long intendedStartNanos, long nowNanos) {
        grow();
        int i = (head + size) & (tags.length - 1);
        set(i, tag, intendedStartNanos, nowNanos);
        size++;
    }

    int headTag() {
        return tags[head];
    }

    long headIntended() {
        return intended[head];
    }

    long headEnqueued() {
        return enqueued[head];
    }

    void removeHead() {
        head = (head + 1) & (tags.length - 1);
        size--;
    }

    private void set(int i, int tag, long intendedStartNanos, long enqueuedNanos) {
        tags[i] = tag;
        intended[i] = intendedStartNanos;
        enqueued[i] = enqueuedNanos;
    }

    private void grow() {
        if (size < tags.length) {
            return;
        }
        int n = tags.length;
        int[] t = new int[n * 2];
        long[] in = new long[n * 2];
        long[] en = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            t[k] = tags[from];
            in[k] = intended[from];
            en[k] = enqueued[from];
        }
        tags = t;
        intended = in;
        enqueued = en;
        head = 0;
    }
}
