package dev.gale.cli;

import java.io.PrintWriter;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Ctrl-C twice: a second SIGINT or SIGTERM while a run's outputs are still to be written ends gale at once, as
 * k6 does, with a line naming what is lost, and exits as the signal does (130, 143). The first signal is the
 * JVM's, as without this class: it starts the shutdown, whose hook stops the run and waits up to 30 s for the
 * outputs ({@link RunExecution}). The JVM's own handler cannot act on a second one: it blocks once the shutdown
 * has begun.
 *
 * <p>How: gale's handler takes the place of the JVM's for INT and TERM and hands the first signal on to it. It
 * is set through {@code sun.misc.Signal}, which the module jdk.unsupported exports, by reflection: naming the
 * class in code draws javac's "internal proprietary API" warning, which no annotation suppresses, and the build
 * fails on warnings. The handler, an implementation of {@code sun.misc.SignalHandler}, is made by {@link
 * LambdaMetafactory}, as for a lambda: a {@link java.lang.reflect.Proxy} would do too, but costs 15 to 25 ms at
 * every start, this about 1. The JDK runs each signal's handler on a thread of its own, so the first one, which
 * blocks in the JVM's handler for the whole shutdown, does not hold up the second, which halts. Where this
 * cannot be set up (a JDK without the class, {@code -Xrs}, a signal ignored since gale started, as in a shell
 * script's background job), the JVM's handlers stay, in silence, and a second signal does nothing, as before.
 *
 * <p>Threads: {@link #install} runs once, from {@code main}, before any command; {@link #outputsPending} and
 * {@link #outputsDone} are called by the thread running the command; the handlers run on the JDK's threads.
 */
final class SecondSignal {
    private SecondSignal() {}

    /** What a forced exit names: the messages' writer and the run's outputs not written yet. */
    private record Pending(PrintWriter err, Supplier<List<String>> notWritten) {}

    /** The run whose outputs a second signal would lose; null when there is none. */
    private static volatile Pending pending;

    /** The signals gale's handlers have taken, INT and TERM together. */
    private static final AtomicInteger SIGNALS = new AtomicInteger();

    /** True once gale's handler has the place of the JVM's for SIGINT. */
    private static volatile boolean installed;

    /** How long the forced exit's line may take to be written (stderr may be a pipe nobody reads). */
    private static final long SAY_MILLIS = 1_000;

    /** Sets gale's handler for SIGINT and SIGTERM; keeps the JVM's, quietly, where that cannot be done. */
    static void install() {
        installed = take("INT", ExitCodes.INTERRUPTED);
        take("TERM", ExitCodes.TERMINATED);
    }

    /** True if a second Ctrl-C ends gale at once: {@link #install} could set its handler. */
    static boolean installed() {
        return installed;
    }

    /**
     * Marks a run's outputs as not all written until {@link #outputsDone}: a second signal until then ends
     * gale, after writing on {@code err} which of them {@code notWritten} lists as left.
     */
    static void outputsPending(PrintWriter err, Supplier<List<String>> notWritten) {
        pending = new Pending(err, notWritten);
    }

    /** The run's outputs are written (or given up): a later signal is the JVM's again. */
    static void outputsDone() {
        pending = null;
    }

    /** Puts gale's handler in the JVM's place for the signal {@code name}; true if it did. */
    private static boolean take(String name, int exitCode) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Handler handler = new Handler(exitCode, handlerClass.getMethod("handle", signalClass));
            // new SignalHandler() { void handle(Signal s) { handler.handle(s); } }, without naming the types.
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType handle = MethodType.methodType(void.class, signalClass);
            Object ours = LambdaMetafactory.metafactory(
                            lookup,
                            "handle",
                            MethodType.methodType(handlerClass, Handler.class),
                            handle,
                            lookup.findVirtual(
                                    Handler.class, "handle", MethodType.methodType(void.class, Object.class)),
                            handle)
                    .getTarget()
                    .invoke(handler);
            Method set = signalClass.getMethod("handle", signalClass, handlerClass);
            synchronized (handler) {
                handler.jvms = set.invoke(null, signal, ours);
                // SIG_DFL or SIG_IGN: no handler of the JVM's to hand the first signal to. Put it back.
                if (handler.jvms == handlerClass.getField("SIG_DFL").get(null)
                        || handler.jvms == handlerClass.getField("SIG_IGN").get(null)) {
                    set.invoke(null, signal, handler.jvms);
                    return false;
                }
            }
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // invoke() declares Throwable: a JDK without the class, -Xrs, ...
            return false; // the JVM's handler stays
        }
    }

    /** gale's handler of one signal. */
    private static final class Handler {
        private final int exitCode;
        private final Method handleSignal;
        /** The JVM's handler of the signal, which the first one goes to; set as gale's takes its place. */
        private Object jvms;

        Handler(int exitCode, Method handleSignal) {
            this.exitCode = exitCode;
            this.handleSignal = handleSignal;
        }

        /** Ends gale if this is a second signal (see {@link #onSignal}); else hands it to the JVM's handler. */
        void handle(Object signal) {
            onSignal(exitCode);
            Object jvm;
            synchronized (this) { // a signal that comes as the handlers are swapped waits to know the JVM's
                jvm = jvms;
            }
            try {
                handleSignal.invoke(jvm, signal); // the JVM's shutdown: blocks until it halts
            } catch (ReflectiveOperationException e) {
                Runtime.getRuntime().exit(exitCode); // what the JVM's handler does
            }
        }
    }

    /**
     * Halts with {@code exitCode} if this is a second signal and a run's outputs are still to be written; returns
     * otherwise, for the JVM's handler to take the signal.
     */
    private static void onSignal(int exitCode) {
        Pending p = pending;
        if (SIGNALS.getAndIncrement() == 0 || p == null) {
            return;
        }
        if (p.notWritten().get().isEmpty()) {
            return; // written after all: the hook ends gale with the code decided on
        }
        // On a thread of its own: a stderr nobody reads, or a write to it in progress, must not stop the halt. What
        // is left is read just before the line is written, as the writing goes on until the halt.
        Thread say = new Thread(
                () -> {
                    List<String> left = p.notWritten().get();
                    p.err()
                            .println("gale: stopped at once by a second signal"
                                    + (left.isEmpty() ? "" : "; not written: " + String.join(", ", left)));
                    p.err().flush();
                },
                "gale-second-signal");
        say.setDaemon(true);
        say.start();
        try {
            say.join(SAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // halting anyway
        }
        Runtime.getRuntime().halt(exitCode);
    }
}
