import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU that exact pacing alone costs on this machine: THREADS threads (gale's event loops) each sleep
 * until every one of its share of RATE arrivals per second, as gale's open model does, and do nothing
 * else: no socket, no request, no response. Prints the CPU of those threads (not of the JVM's start) per
 * arrival. A generator that sends each request at its own instant cannot cost less per request than this
 * line, plus a second wake-up per request for its response.
 *
 * <pre>java bench/PacingFloor.java RATE THREADS SECONDS</pre>
 */
public final class PacingFloor {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: java bench/PacingFloor.java RATE THREADS SECONDS");
      System.exit(2);
    }
    long rate = Long.parseLong(args[0]);
    int threads = Integer.parseInt(args[1]);
    long nanos = (long) (Double.parseDouble(args[2]) * 1e9);
    var mx = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[threads];
    long[] arrivals = new long[threads];
    long[] wakeUps = new long[threads];
    long start = System.nanoTime() + 100_000_000L;
    long end = start + nanos;
    // Thread t takes arrivals t, t + threads, t + 2 * threads, ... of one schedule at RATE.
    double interval = 1e9 / rate;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          new Thread(
              () -> {
                long before = mx.getCurrentThreadCpuTime();
                for (long i = id; ; i += threads) {
                  long due = start + (long) (i * interval);
                  if (due >= end) break;
                  for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now);
                    wakeUps[id]++;
                  }
                  arrivals[id]++;
                }
                cpu[id] = mx.getCurrentThreadCpuTime() - before;
              },
              "pacer-" + t);
      workers[t].start();
    }
    long totalCpu = 0;
    long totalArrivals = 0;
    long totalWakeUps = 0;
    for (int t = 0; t < threads; t++) {
      workers[t].join();
      totalCpu += cpu[t];
      totalArrivals += arrivals[t];
      totalWakeUps += wakeUps[t];
    }
    System.out.printf(
        "%d arrivals/s on %d threads for %.0f s: %d arrivals, %.2f wake-ups and %.2f us of CPU per arrival%n",
        rate,
        threads,
        nanos / 1e9,
        totalArrivals,
        (double) totalWakeUps / totalArrivals,
        totalCpu / 1e3 / totalArrivals);
  }
}
