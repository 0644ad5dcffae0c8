package dev.gale.report;

import dev.gale.engine.RunListener;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.Stats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One plain progress line per interval on stderr, and the first connect failure of each target as a
 * warning: {@code [  3s/10s] 20,000 req/s (offered 20,000) p50 1.20ms p99 3.40ms max 9.10ms errors 0
 * in-flight 12 open 14}.
 */
public final class ProgressLines implements RunListener {
    private final PrintWriter err;
    private final long totalSeconds;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param totalSeconds the planned length in seconds, or 0 if unknown
     */
    public ProgressLines(PrintWriter err, long totalSeconds) {
        this.err = err;
        this.totalSeconds = totalSeconds;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        Stats t = s.total();
        double secs = s.seconds();
        if (secs <= 0 || (secs < 0.5 && t.scheduled() == 0 && t.completed() == 0)) {
            return; // the short tail after the last full interval, with nothing in it
        }
        Latency l = Latency.of(t.responseTime());
        PoolLevels pools = s.pools();
        long elapsed = Math.round(s.endNanos() / 1e9);
        String clock = totalSeconds > 0 ? elapsed + "s/" + totalSeconds + "s" : elapsed + "s";
        err.printf(Locale.ROOT, "[%9s] %s%s req/s (offered %s)  p50 %s  p99 %s  max %s  errors %s  in-flight %d  open %d%n",
                clock, s.warmup() ? "warm-up " : "", Units.rate(t.responses() / secs), Units.rate(t.scheduled() / secs),
                Units.millis(l.p50()), Units.millis(l.p99()), Units.millis(l.max()), Units.count(t.errors()),
                pools.inFlight() + pools.queued(), pools.openConnections());
    }

    @Override
    public void onConnectFailure(Target target, ErrorKind kind, String detail) {
        if (warned.add(target.name() + "/" + kind)) {
            err.printf(Locale.ROOT, "warning: cannot connect to %s: %s (%s)%n", target.baseUrl(), kind.key(), detail);
        }
    }
}
