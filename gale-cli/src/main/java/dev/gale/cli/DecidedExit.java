package dev.gale.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The exit code {@code gale} decided on, once its command has returned and its messages are out: for a shutdown
 * hook that must end the JVM with it ({@link RunExecution}), since a JVM already shutting down for a signal
 * exits with the signal's code whatever {@code System.exit} asks.
 */
final class DecidedExit {
    private DecidedExit() {}

    private static final CountDownLatch DECIDED = new CountDownLatch(1);
    private static volatile int code = -1;

    /** Records {@code value}, the code {@code main} exits with. */
    static void set(int value) {
        code = value;
        DECIDED.countDown();
    }

    /** The code decided on, waiting up to {@code seconds} for it; -1 if none was by then. */
    static int await(long seconds) throws InterruptedException {
        return DECIDED.await(seconds, TimeUnit.SECONDS) ? code : -1;
    }
}
