package dev.gale.report;

import dev.gale.engine.RunListener;
import dev.gale.engine.Version;
import dev.gale.plan.IoReasons;
import dev.gale.plan.Plan;
import dev.gale.record.IntervalSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HdrHistogram interval log ({@link HlogReport}'s content and layout) appended to a file while the run
 * goes, so that a process killed mid-run (SIGKILL, out of memory, a crash) leaves a valid log of every
 * interval it completed.
 *
 * <pre>{@code
 * HlogStream hlog = HlogStream.to(Path.of("run.hlog"), plan);
 * Run run = Run.start(plan, RunListener.all(view, hlog));
 * RunResult result = run.await();
 * hlog.finish();   // IOException: the first thing that went wrong with the file
 * }</pre>
 *
 * <p>The file is created (replacing one that exists, with any missing folders) when the run starts
 * ({@link #onStart}) and the header written at once; each interval is appended when it ends, in one write
 * straight to the operating system (nothing is buffered in the JVM), so every completed interval survives the
 * process. Intervals are not forced to the disk one by one (no fsync per second): a power cut during the run may
 * lose its last seconds, while {@link #finish()} forces the whole file to the disk before it returns. When every
 * interval got through, the file equals {@link HlogReport#write} of the run's result, byte for byte.
 *
 * <p>Threads and failures: the listener methods lay out the header and each interval on the thread that calls them
 * (a snapshot's stats are the run's collector's, filled again for the next interval, so they are read during the
 * call), and hand only the bytes to the log's own writer thread (a daemon), so a slow or stalled disk never holds
 * up the run's collector thread; they never throw. At most 60 intervals (a minute of a stalled disk) wait for the
 * writer; one more counts as a failure. After the first failure
 * (the file cannot be created or written, the disk is full, the writer fell behind) nothing more is written
 * and the run goes on; {@link #finish()} reports it, and also a file removed or replaced during the run.
 *
 * <p>A write that fails part-way (a disk that fills up in the middle of an interval) is cut back off the file,
 * so that a regular file always ends with a whole line: a log that HdrHistogram reads, of every interval written
 * before the failure. Unlike the reports written from the result ({@link OutputFile}), the log has the file's
 * name from the start, which is what keeps it for a killed process; so an earlier file of that name is replaced
 * when the run starts, not when it ends.
 */
public final class HlogStream implements RunListener, AutoCloseable {
    /** Intervals that may wait for the writer thread: a minute of a stalled disk. */
    static final int MAX_PENDING = 60;
    /** How long {@link #close()} waits for the writer to get the last intervals out. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final Opener opener;
    private final String version;
    private final int maxPending;
    private final Duration closeTimeout;
    private final ExecutorService writer;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    /** What the log lays out, until it is handed to the writer: guarded by itself. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private final HlogReport.Log log;
    /** What the log's response times measure, for its header. */
    private final String responseTime;

    private volatile boolean started;
    private volatile boolean opened;
    private volatile boolean gone;
    private volatile int intervals;
    private boolean closed;
    /** True if a failed write could not be cut back off the file, which then ends with a line cut short. */
    private volatile boolean cutShort;
    // Owned by the writer thread.
    private FileChannel out;
    private boolean regularFile;
    /** The bytes of whole writes in the file: where a failed write is cut back to. */
    private long written;

    private Object fileKey;

    /** Opens the log's file for writing, created or emptied: {@link #CREATE}, or a failing one in tests. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** Opens the file as a run does. */
    static final Opener CREATE = f -> FileChannel.open(
            f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    HlogStream(Path file, Plan plan, String version, int maxPending, Duration closeTimeout) {
        this(file, plan, version, maxPending, closeTimeout, CREATE);
    }

    HlogStream(Path file, Plan plan, String version, int maxPending, Duration closeTimeout, Opener opener) {
        this.responseTime = PlanDescription.responseTimeDefinition(plan);
        this.file = Objects.requireNonNull(file);
        this.opener = opener;
        this.version = version;
        this.maxPending = maxPending;
        this.closeTimeout = closeTimeout;
        this.log = new HlogReport.Log(new PrintStream(buffer, false, StandardCharsets.UTF_8), plan.requests());
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gale-hlog");
            t.setDaemon(true);
            return t;
        });
    }

    /** A log of a run of {@code plan} to be written to {@code file}; nothing is touched before the run starts. */
    public static HlogStream to(Path file, Plan plan) {
        return new HlogStream(file, plan, Version.get(), MAX_PENDING, CLOSE_TIMEOUT);
    }

    /** Lays out the header, then creates the file and writes it on the writer thread. */
    @Override
    public void onStart(Instant startedAt) {
        started = true;
        try {
            byte[] header = layOut(() -> log.header(version, startedAt, responseTime));
            submit(() -> open(header));
        } catch (RuntimeException e) {
            fail(String.valueOf(e));
        }
    }

    /** Lays out the interval, then appends it on the writer thread. */
    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        try {
            if (failure.get() != null || snapshot.isEmptyInstant()) {
                return; // an interval of no length with nothing in it is no row of the timeline either
            }
            if (pending.get() >= maxPending) {
                fail("writing fell " + maxPending + " intervals behind the run (a stalled disk?)");
                return;
            }
            byte[] interval = layOut(() -> log.interval(snapshot));
            pending.incrementAndGet();
            if (!submit(() -> append(interval))) {
                pending.decrementAndGet();
            }
        } catch (RuntimeException e) {
            fail(String.valueOf(e));
        }
    }

    /** What {@code part} lays out. */
    private byte[] layOut(Runnable part) {
        synchronized (buffer) {
            try {
                part.run();
                return buffer.toByteArray();
            } finally {
                buffer.reset();
            }
        }
    }

    /**
     * Waits for the writer to get every interval out (at most 10 s), then closes the file and reports what
     * went wrong, if anything did.
     *
     * @throws IOException naming the first failure and how much of the log the file holds
     */
    public void finish() throws IOException {
        close();
        if (!started) {
            fail("the run did not start");
        }
        String f = failure.get();
        if (f != null && opened && !gone) {
            int n = intervals;
            throw new IOException(f + "; the file holds "
                    + (n == 0
                            ? "no interval"
                            : n == 1 ? "only the first interval" : "only the first " + n + " intervals")
                    + (cutShort ? ", then a line cut short that HdrHistogram cannot read" : ""));
        }
        if (f != null) {
            throw new IOException(f);
        }
    }

    /**
     * As {@link #finish()}, but keeps any failure to itself: for cleaning up after a run that ended in an
     * error. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        submit(this::closeFile);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                fail("writing did not finish within " + Units.duration(closeTimeout) + " (a stalled disk?)");
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while the last intervals were written");
            writer.shutdownNow();
        }
    }

    /** Waits until everything handed to the writer so far has been written: for tests. */
    void sync() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (submit(done::countDown)) {
            done.await();
        }
    }

    private boolean submit(Runnable task) {
        try {
            writer.execute(task);
            return true;
        } catch (RejectedExecutionException closedAlready) {
            return false;
        }
    }

    private void fail(String why) {
        failure.compareAndSet(null, why);
    }

    private void open(byte[] header) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = opener.open(file);
            opened = true;
            regularFile = Files.isRegularFile(file);
            fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            drain(header); // in one write, straight to the operating system
        } catch (IOException | RuntimeException e) {
            fail(IoReasons.of(e));
        }
    }

    private void append(byte[] interval) {
        try {
            if (out == null || failure.get() != null) {
                return;
            }
            drain(interval);
            intervals++; // the writer thread is the only writer
        } catch (IOException | RuntimeException e) {
            fail(IoReasons.of(e));
        } finally {
            pending.decrementAndGet();
        }
    }

    /**
     * Hands what the log has laid out to the operating system, in one write; if that fails part-way, cuts what
     * it wrote back off a regular file, which then ends where the last whole write did.
     */
    private void drain(byte[] laidOut) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(laidOut);
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            cutBack();
            throw e;
        }
        written += bytes.limit();
    }

    /** Cuts a failed write back off the file: a pipe or a device keeps what it took, having no end to cut. */
    private void cutBack() {
        if (!regularFile) {
            return;
        }
        try {
            out.truncate(written); // frees the space it held: a full disk takes this
        } catch (IOException | RuntimeException e) {
            cutShort = true;
        }
    }

    private void closeFile() {
        if (out == null) {
            return;
        }
        try {
            try {
                if (regularFile && failure.get() == null) {
                    out.force(true); // on the disk before the command line says it wrote the file
                }
            } finally {
                out.close(); // a force that failed (EIO) leaves no descriptor open
            }
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (fileKey != null && !fileKey.equals(key)) {
                gone = true;
                fail("it was replaced during the run");
            }
        } catch (NoSuchFileException e) {
            gone = true;
            fail("it was removed during the run");
        } catch (IOException | RuntimeException e) {
            fail(IoReasons.of(e));
        }
    }
}
