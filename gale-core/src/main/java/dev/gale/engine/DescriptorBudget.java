package dev.gale.engine;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether this process may open as many sockets as a plan can need, checked before the run: past the
 * open-files limit every new connection fails with "too many open files", and a run full of those
 * measures the generator's limit, not the target.
 *
 * <p>A plan whose every phase is closed-model needs a socket per user (up to the targets' connection
 * limits) for certain: more than the limit allows is an error. An open-model plan needs only as many as
 * the targets are slow, up to their connection limits: more than the limit allows is a warning.
 */
public final class DescriptorBudget {
    /** Files kept for everything else: the JVM's jars and libraries, epoll and event descriptors, outputs. */
    static final long RESERVE = 64;

    /**
     * What the plan may need beside what the process may still open.
     *
     * @param sockets the most connections the plan can have open at once
     * @param limit the process's open-files limit
     * @param open files open now
     * @param certain true if the plan needs all of {@code sockets} (closed model), false if it only allows them
     * @param hardLimit the hard open-files limit, or -1 if unknown (then taken to be {@code limit})
     */
    public record Shortfall(long sockets, long limit, long open, boolean certain, long hardLimit) {
        /** What is left for sockets. */
        public long free() {
            return Math.max(0, limit - open - RESERVE);
        }

        /** One line saying what is wrong and how to fix it. */
        public String message() {
            String need = certain
                    ? String.format(Locale.ROOT, "the run needs %,d connections at once", sockets)
                    : String.format(Locale.ROOT, "the connection limits allow %,d connections at once", sockets);
            String fix = certain
                    ? "lower the connections (-c) or raise "
                    : "beyond that, connecting fails with 'too many open files'; lower --max-connections or raise ";
            long wanted = sockets + open + RESERVE;
            // The JVM raises its soft limit to the hard one as it starts (-XX:+MaxFDLimit, the default), so
            // 'ulimit -n' helps only when it did not and the hard limit has room.
            String how = wanted <= hardLimit && limit < hardLimit
                    ? "the limit (ulimit -n " + wanted + ")"
                    : "the hard limit, to which the JVM raises its own (ulimit -Hn " + wanted
                            + ", as root, or nofile in /etc/security/limits.conf)";
            return String.format(
                    Locale.ROOT,
                    "%s, but this process may open only %,d more files (its open-files limit is %,d): %s%s",
                    need,
                    free(),
                    limit,
                    fix,
                    how);
        }
    }

    private DescriptorBudget() {}

    /**
     * Checks {@code plan} against this process's open-files limit.
     *
     * @return null if it fits, or when the limit cannot be read (not a Unix JVM)
     */
    public static Shortfall check(Plan plan) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return null;
        }
        return check(plan, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), hardLimit());
    }

    /** The hard open-files limit of this process (Linux: {@code /proc/self/limits}), or -1 if unknown. */
    static long hardLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format this does not know: unknown
        }
        return -1;
    }

    /** Checks {@code plan} against a limit of {@code limit} files of which {@code open} are open. */
    static Shortfall check(Plan plan, long limit, long open) {
        return check(plan, limit, open, -1);
    }

    /**
     * Checks {@code plan} against a limit of {@code limit} files of which {@code open} are open, under a hard
     * limit of {@code hardLimit} (-1 if unknown).
     */
    static Shortfall check(Plan plan, long limit, long open, long hardLimit) {
        if (limit <= 0 || open < 0) {
            return null;
        }
        long sockets = 0;
        for (Target t : plan.targets()) {
            sockets += t.connections().maxConnections();
        }
        boolean allClosed = true;
        long users = 0;
        for (Phase p : plan.phases()) {
            if (p.load() instanceof LoadModel.Closed c) {
                users = Math.max(users, Math.max(c.startConnections(), c.endConnections()));
            } else {
                allClosed = false;
            }
        }
        if (allClosed) {
            sockets = Math.min(sockets, users);
        }
        Shortfall s = new Shortfall(sockets, limit, open, allClosed, hardLimit);
        return sockets > s.free() ? s : null;
    }
}
