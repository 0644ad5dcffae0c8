package dev.gale.engine;

import dev.gale.plan.Plan;
import dev.gale.record.Collector;
import dev.gale.record.Histograms;
import java.util.Locale;

/**
 * Whether this JVM's heap can hold a plan's latency histograms, checked before the run allocates them: each
 * request name has its own recorders on every event loop, about 1.1 MB each (six histograms of about 184 KiB),
 * and its totals, so a plan of a thousand names on a few loops needs gigabytes. Past the heap, the run would end
 * in an {@link OutOfMemoryError} before sending anything.
 *
 * <p>The estimate counts the histograms only ({@link Collector#histograms}); the rest of the run is left a
 * reserve of a quarter of the heap, 256 MiB at least (half of a heap under 512 MiB).
 */
public final class HeapBudget {
    /** The least heap kept for everything besides the histograms: 256 MiB. */
    static final long MIN_RESERVE_BYTES = 256L << 20;

    private static final long GIB = 1L << 30;

    /**
     * A plan's histograms beside the heap that can hold them.
     *
     * @param requests the plan's request names
     * @param loops the run's event loops
     * @param neededBytes the histograms' estimated footprint
     * @param heapBytes the JVM's maximum heap ({@link Runtime#maxMemory()})
     */
    public record Shortfall(int requests, int loops, long neededBytes, long heapBytes) {
        /** What the heap has for histograms, once the reserve is kept. */
        public long spareBytes() {
            return heapBytes - reserve(heapBytes);
        }

        /** One line saying what does not fit and the ways out. */
        public String message() {
            return String.format(
                    Locale.ROOT,
                    "%,d request name%s on %d event loop%s need about %s of latency histograms, more than this JVM's"
                            + " %s heap can spare (%s); use %sfewer request names, or a larger heap"
                            + " (GALE_JAVA_OPTS=-Xmx%dg)",
                    requests,
                    requests == 1 ? "" : "s",
                    loops,
                    loops == 1 ? "" : "s",
                    size(neededBytes),
                    size(heapBytes),
                    size(spareBytes()),
                    loops > 1 ? "fewer threads (-t 1), " : "",
                    heapGibFor(neededBytes));
        }
    }

    private HeapBudget() {}

    /**
     * Checks {@code plan} against this JVM's maximum heap.
     *
     * @return null if its histograms fit
     */
    public static Shortfall check(Plan plan) {
        return check(plan, Run.effectiveThreads(plan), Runtime.getRuntime().maxMemory(), Histograms.footprintBytes());
    }

    /**
     * Checks {@code plan} run on {@code loops} event loops against a heap of {@code heapBytes}, with histograms of
     * {@code bytesPerHistogram} each.
     *
     * @return null if they fit, or if the heap has no limit ({@link Long#MAX_VALUE})
     */
    static Shortfall check(Plan plan, int loops, long heapBytes, long bytesPerHistogram) {
        if (heapBytes == Long.MAX_VALUE) {
            return null;
        }
        int requests = plan.requests().size();
        long needed = Collector.histograms(requests, loops, plan.hasWarmup()) * bytesPerHistogram;
        return needed <= heapBytes - reserve(heapBytes) ? null : new Shortfall(requests, loops, needed, heapBytes);
    }

    /**
     * The heap kept for everything besides the histograms: a quarter of it, 256 MiB at least, but never more than
     * half (a heap of tens of MiB still runs a plan of a few names).
     */
    static long reserve(long heapBytes) {
        return Math.min(heapBytes / 2, Math.max(MIN_RESERVE_BYTES, heapBytes / 4));
    }

    /**
     * The smallest whole number of GiB of heap whose spare holds {@code neededBytes}:
     *
     * <pre>{@code
     * heap - max(256 MiB, heap / 4) >= needed
     * }</pre>
     */
    static long heapGibFor(long neededBytes) {
        long heap = Math.max(neededBytes + MIN_RESERVE_BYTES, Math.ceilDiv(neededBytes * 4, 3));
        return Math.ceilDiv(heap, GIB);
    }

    /** Bytes in MiB below a GiB, else in GiB to one decimal: {@code 768 MiB}, {@code 4.2 GiB}. */
    public static String size(long bytes) {
        return bytes < GIB
                ? String.format(Locale.ROOT, "%,d MiB", bytes >> 20)
                : String.format(Locale.ROOT, "%.1f GiB", (double) bytes / GIB);
    }
}
