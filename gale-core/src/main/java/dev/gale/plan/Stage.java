package dev.gale.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One k6-style stage: over {@code duration}, the load moves linearly from where the previous stage ended
 * (0 before the first) to {@code target}: a rate in the open model, a number of connections in the closed
 * model. {@code --stage 30s:1000} is a rate, {@code --stage 30s:50c} a number of connections. A stage of 0s
 * is a step, as in k6: the load jumps to its target at once, and the next stage starts from there ({@code
 * --stage 0s:100 --stage 30s:100} holds 100 req/s for 30 s); it runs no phase of its own.
 *
 * @param duration how long the stage ramps; 0 for a step
 * @param target requests per second (open) or connections (closed) at the end of the stage; at least 0
 * @param closed true for connections, false for a rate
 */
public record Stage(Duration duration, double target, boolean closed) {
    public Stage {
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * Parses {@code DURATION:TARGET}, e.g. {@code 30s:1000} (a rate) or {@code 2m:50c} (connections).
     *
     * @throws IllegalArgumentException with a message that shows the accepted form
     */
    public static Stage parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("stage '" + text + "' is not DURATION:TARGET (e.g. 30s:1000 for a"
                    + " rate, 30s:50c for connections)");
        }
        Duration d = Durations.parse(t.substring(0, colon));
        String target = t.substring(colon + 1).trim();
        boolean closed = target.endsWith("c");
        if (closed) {
            target = target.substring(0, target.length() - 1);
        }
        Double parsed = Rates.number(target);
        if (parsed == null) {
            throw new IllegalArgumentException("stage '" + text + "': the target '" + t.substring(colon + 1)
                    + "' is not a number (e.g. 1000 for a rate, 50c for connections)");
        }
        double value = parsed;
        if (!(value >= 0)) {
            throw new IllegalArgumentException("stage '" + text + "': the target must be >= 0");
        }
        if (!closed && value > Plan.MAX_RATE) {
            throw new IllegalArgumentException("stage '" + text + "': a rate must be " + Plan.MAX_RATE_STATED);
        }
        if (closed && value != Math.rint(value)) {
            throw new IllegalArgumentException("stage '" + text + "': connections must be a whole number");
        }
        if (closed && value > Plan.MAX_CONNECTIONS) {
            throw new IllegalArgumentException("stage '" + text + "': connections must be at most "
                    + Plan.MAX_CONNECTIONS + ", the TCP ports of one client address");
        }
        return new Stage(d, value, closed);
    }

    /**
     * The phases that run {@code stages} one after another, named by their place, {@code stage 1}, {@code
     * stage 2}, ...; a stage of 0s is a step to its target, which the next stage ramps from, and has none.
     * Open stages take their arrivals, seed, burst and tick from {@code shape} (its rates are ignored).
     */
    public static List<Phase> phases(List<Stage> stages, LoadModel.Open shape) {
        List<Phase> out = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s.isStep()) {
                previous = s.target();
                continue;
            }
            LoadModel load = s.closed()
                    ? new LoadModel.Closed((int) previous, (int) s.target())
                    : shape.withRates(previous, s.target());
            out.add(new Phase("stage " + (i + 1), load, s.duration(), 0, false));
            previous = s.target();
        }
        return out;
    }

    /**
     * True if a stage of {@code duration} may not stand where it is: a step (0s) as the {@code last} stage, with
     * no stage after it to run from its target. The one rule for {@code --stage} and a plan's {@code stages},
     * each of which names the stage its own way.
     */
    public static boolean stepsForNothing(Duration duration, boolean last) {
        return last && duration.isZero();
    }

    /** True for a stage of 0s, a step to its target. */
    public boolean isStep() {
        return duration.isZero();
    }

    @Override
    public String toString() {
        String v = target == Math.rint(target) ? Long.toString((long) target) : Double.toString(target);
        return duration.toMillis() + "ms:" + v + (closed ? "c" : "");
    }
}
