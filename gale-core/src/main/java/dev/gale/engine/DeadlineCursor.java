package dev.gale.engine;

import java.util.Arrays;

/**
 * A walk through the request mix that picks each arrival as it comes: earliest deadline first over windows
 * of the weights (as proportionate-fair schedulers place unit jobs). With {@code W} the weights' sum, request
 * {@code i} of weight {@code w} sends its {@code j}-th request (from 1) in the window
 *
 * <pre>{@code
 * release  = floor((j - 1) * W / w)     the first arrival it may take
 * deadline = ceil(j * W / w)            the arrival before which it must have been sent
 * }</pre>
 *
 * and each arrival goes to the request whose released send has the earliest deadline; on a tie, to the one of
 * smaller weight (so 3:1 reads 0, 0, 1, 0), then the first in the plan. The shares add up to 1, so a schedule
 * meeting every deadline exists and earliest deadline first finds it: after any {@code k} arrivals from the
 * start each request has been sent {@code floor(k * w / W)} or {@code ceil(k * w / W)} times, and with whole
 * weights exactly {@code w} times in every {@code W} arrivals in a row. In doubles that holds while {@code k *
 * W} is below 2^53 (whole weights of a sum of at most 2^20, within a period); beyond, rounding may move a send
 * by an arrival.
 *
 * <p>A loop may start part of the way through ({@code startArrival}): it begins with each request's share of
 * those arrivals sent, the largest remainders rounded up, so that they add up. Not thread-safe: one event loop
 * owns it. A pick costs {@code O(log n)} for {@code n} requests and allocates nothing.
 */
final class DeadlineCursor implements MixCursor {
    /** Weights by rank: requests ordered by weight, then plan order, so that a tie of keys goes to the lower rank. */
    private final double[] weight;
    /** The request (plan index) of each rank. */
    private final int[] request;
    /** The sum of the weights. */
    private final double total;
    /** The next arrival (counted from the start of the order) and the sends of each rank before it. */
    private long arrival;

    private final long[] sent;
    /** Ranks whose next send is not released yet, by release; and those released, by deadline. */
    private final RankHeap waiting;

    private final RankHeap due;

    DeadlineCursor(double[] weights, long startArrival) {
        int n = weights.length;
        Integer[] byWeight = new Integer[n];
        for (int i = 0; i < n; i++) {
            byWeight[i] = i;
        }
        Arrays.sort(byWeight, (a, b) -> Double.compare(weights[a], weights[b])); // stable: plan order on a tie
        weight = new double[n];
        request = new int[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            request[r] = byWeight[r];
            weight[r] = weights[byWeight[r]];
            sum += weight[r];
        }
        total = sum;
        // The walk starts there, with the sends of each rank before it.
        sent = new long[n];
        arrival = apportion(startArrival, sent);
        waiting = new RankHeap(n);
        due = new RankHeap(n);
        for (int r = 0; r < n; r++) {
            waiting.add(r, release(r));
        }
    }

    @Override
    public int next() {
        while (!waiting.isEmpty() && waiting.minKey() <= arrival) {
            int r = waiting.poll();
            due.add(r, deadline(r));
        }
        // One send is always released (the shares add up to 1), but for rounding: then the earliest.
        int r = due.isEmpty() ? waiting.poll() : due.poll();
        sent[r]++;
        arrival++;
        waiting.add(r, release(r));
        return request[r];
    }

    /** The first arrival at which rank {@code r}'s next send may go out. */
    private long release(int r) {
        return (long) Math.floor(sent[r] * total / weight[r]);
    }

    /** The arrival before which rank {@code r}'s next send must go out. */
    private long deadline(int r) {
        return (long) Math.ceil((sent[r] + 1) * total / weight[r]);
    }

    /**
     * Fills {@code sentBefore} with each rank's share of {@code arrivals}, rounded down and then up for the
     * largest remainders (the lower rank first on a tie) until they add up to the arrival returned: {@code
     * arrivals}, unless rounding in doubles keeps them a little off it.
     */
    private long apportion(long arrivals, long[] sentBefore) {
        int n = sentBefore.length;
        double[] remainder = new double[n];
        long sum = 0;
        for (int r = 0; r < n; r++) {
            double exact = arrivals * (weight[r] / total);
            sentBefore[r] = (long) Math.floor(exact);
            remainder[r] = exact - sentBefore[r];
            sum += sentBefore[r];
        }
        Integer[] byRemainder = new Integer[n];
        for (int r = 0; r < n; r++) {
            byRemainder[r] = r;
        }
        Arrays.sort(byRemainder, (a, b) -> Double.compare(remainder[b], remainder[a])); // stable: lower rank first
        long left = Math.clamp(arrivals - sum, 0, n);
        for (int k = 0; k < left; k++) {
            sentBefore[byRemainder[k]]++;
        }
        return sum + left;
    }

    /** A binary min-heap of ranks by a key each, a tie going to the lower rank. Allocates nothing once made. */
    private static final class RankHeap {
        private final int[] heap;
        private final long[] key;
        private int size;

        RankHeap(int ranks) {
            heap = new int[ranks];
            key = new long[ranks];
        }

        boolean isEmpty() {
            return size == 0;
        }

        long minKey() {
            return key[heap[0]];
        }

        void add(int rank, long k) {
            key[rank] = k;
            int at = size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(rank, heap[parent])) {
                    break;
                }
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = rank;
        }

        int poll() {
            int top = heap[0];
            int last = heap[--size];
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!before(heap[child], last)) {
                    break;
                }
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = last;
            return top;
        }

        private boolean before(int a, int b) {
            return key[a] < key[b] || (key[a] == key[b] && a < b);
        }
    }
}
