package dev.gale.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * This JVM's direct memory, outside the heap, where Netty keeps the bytes gale writes to its sockets and reads
 * from them: its limit, and how gale words running out of it. Stateless and thread-safe.
 */
final class DirectMemory {
    private DirectMemory() {}

    private static final long MIB = 1L << 20;

    /**
     * The most direct memory this JVM allows, in bytes: {@code -XX:MaxDirectMemorySize} when it is set, else the
     * heap's maximum, as the JVM itself takes it.
     */
    static long limitBytes() {
        try {
            String set = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize")
                    .getValue();
            long bytes = Long.parseLong(set);
            if (bytes > 0) {
                return bytes;
            }
        } catch (RuntimeException notHotSpot) {
            // no such option or bean: the JVM's default below
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * True if {@code e} is an allocation of direct memory that failed: the JDK's {@code Cannot reserve N bytes of
     * direct buffer memory}, or Netty's {@code OutOfDirectMemoryError} ({@code failed to allocate N byte(s) of
     * direct memory}). An {@link OutOfMemoryError} of the heap is not.
     */
    static boolean exhausted(Throwable e) {
        return e instanceof io.netty.util.internal.OutOfDirectMemoryError
                || (e instanceof OutOfMemoryError
                        && e.getMessage() != null
                        && e.getMessage().contains("direct"));
    }

    /**
     * The one line that says a connection's buffers found no direct memory left, for the summary and the live
     * warning: {@code out of direct memory (this JVM's limit is 64 MiB): use fewer connections or a larger limit
     * (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize=128m)}.
     */
    static String describeExhausted() {
        long limit = limitBytes();
        return "out of direct memory (this JVM's limit is " + size(limit)
                + "): use fewer connections or a larger limit (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize="
                + Math.max(64, Math.ceilDiv(2 * limit, MIB)) + "m)";
    }

    /** Bytes in KiB below a MiB, else as {@link HeapBudget#size}: {@code 96 KiB}, {@code 50 MiB}, {@code 1.0 GiB}. */
    static String size(long bytes) {
        return bytes < MIB ? Math.ceilDiv(bytes, 1024) + " KiB" : HeapBudget.size(bytes);
    }

    /**
     * The limit to suggest for {@code neededBytes} of requests held once: those and 256 MiB for the connections'
     * own buffers, rounded up to 64 MiB, in megabytes as {@code -XX:MaxDirectMemorySize=...m} takes them.
     */
    static long suggestedMib(long neededBytes) {
        return Math.ceilDiv(neededBytes + 256 * MIB, 64 * MIB) * 64;
    }
}
