package dev.gale.cli;

import dev.gale.plan.Header;
import dev.gale.plan.InvalidPlanException;
import dev.gale.plan.Plan;
import dev.gale.plan.PlanFile;
import dev.gale.plan.Rates;
import dev.gale.plan.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plan of {@code gale run PLAN}: a plan file with the flags given on the command line applied over it. A
 * flag always wins over the plan; where no output flag was given, the plan's {@code output} section fills the
 * {@link RunCommand}'s output flags. Problems of the file and of the flags are reported together.
 */
final class PlanFileWithFlags {
    private final RunCommand flags;
    private final PathClashes inputs;

    /** The plan file {@code flags} name, with them over it; its body files go to {@code inputs}. */
    PlanFileWithFlags(RunCommand flags, PathClashes inputs) {
        this.flags = flags;
        this.inputs = inputs;
    }

    /**
     * Reads the plan file, applies the flags over it and resolves it.
     *
     * @throws UserException (exit 2) listing every problem of the file and the flags
     */
    Plan read() {
        List<String> problems = new ArrayList<>();
        List<Stage> stages = flags.checkLoadFlags(problems);
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
        PlanFile file = PlanFile.read(Path.of(flags.url), flags.url);
        // Whatever else is wrong with the plan: its output paths are then checked with the rest.
        useOutputs(file.output(), problems);
        setLoad(file, stages);
        setTargets(file);
        setRequests(file, problems);
        for (Path body : file.bodyFiles()) {
            inputs.input(body, "a body_file of " + flags.url);
        }
        try {
            Plan plan = file.resolve(flags.loops());
            if (!problems.isEmpty()) {
                throw new UserException(ExitCodes.INVALID_INPUT, problems);
            }
            return plan;
        } catch (InvalidPlanException e) {
            problems.addAll(0, e.problems());
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
    }

    /** The load, the phases and the thresholds: the plan's top-level keys; {@code stages} as parsed. */
    private void setLoad(PlanFile file, List<Stage> stages) {
        if (given("--rate")) {
            // A number as a number; a ramp (FROM..TO) or a mistake as written: the plan's schema says which.
            Double number = Rates.number(flags.rate);
            file.set("rate", number != null ? (Object) number : flags.rate.trim(), "--rate");
        }
        if (!stages.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Stage st : stages) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("duration", seconds(st.duration()));
                m.put(st.closed() ? "connections" : "rate", st.closed() ? (Object) (long) st.target() : st.target());
                list.add(m);
            }
            file.set("stages", list, "--stage");
        }
        if (given("--duration")) {
            file.set("duration", seconds(flags.duration), "--duration");
        }
        if (given("--requests")) {
            file.set("max_requests", flags.requests, "--requests");
        }
        if (given("--connections")) {
            file.set("connections", flags.connections, "--connections");
        }
        if (flags.arrivals != null) {
            file.set("arrivals", flags.arrivals.name().toLowerCase(Locale.ROOT), "--arrivals");
        }
        if (flags.seed != null) {
            file.set("seed", flags.seed, "--seed");
        }
        if (flags.burst != null) {
            file.set("burst", flags.burst, "--burst");
        }
        if (flags.tick != null) {
            file.set("tick", seconds(flags.tick), "--tick");
        }
        if (flags.warmup != null) {
            file.set("warmup", seconds(flags.warmup), "--warmup");
        }
        if (given("--threads")) {
            file.set("threads", flags.loops(), "--threads");
        }
        for (String t : flags.thresholds) {
            file.addThreshold(t, "--threshold");
        }
    }

    /** The connection settings, set on every target. */
    private void setTargets(PlanFile file) {
        setOnEveryTarget(file, "--max-connections", "max_connections", flags.maxConnections);
        setOnEveryTarget(file, "--timeout", "timeout", seconds(flags.timeout));
        setOnEveryTarget(file, "--connect-timeout", "connect_timeout", seconds(flags.connectTimeout));
        setOnEveryTarget(file, "--read-timeout", "read_timeout", seconds(flags.readTimeout));
        setOnEveryTarget(file, "--acquire-timeout", "acquire_timeout", seconds(flags.acquireTimeout));
        setOnEveryTarget(file, "--idle-timeout", "idle_timeout", seconds(flags.idleTimeout));
        setOnEveryTarget(file, "--cooldown", "cooldown", seconds(flags.cooldown));
        setOnEveryTarget(file, "--queue", "queue", flags.queue);
        if (flags.noKeepAlive) {
            file.setOnEveryTarget("keepalive", false, "--no-keepalive");
        }
        if (flags.insecure) {
            file.setOnEveryTarget("insecure", true, "--insecure");
        }
    }

    /** Sets {@code key} to {@code value} on every target if {@code flag} was given. */
    private void setOnEveryTarget(PlanFile file, String flag, String key, Object value) {
        if (given(flag)) {
            file.setOnEveryTarget(key, value, flag);
        }
    }

    /** A duration as the plan file writes it: seconds, with a fraction. */
    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The method, expected statuses, body and headers, set on every request. */
    private void setRequests(PlanFile file, List<String> problems) {
        if (given("--method")) {
            file.setOnEveryRequest("method", flags.method, "--method");
        }
        if (given("--expect")) {
            file.setOnEveryRequest("expect", flags.expect, "--expect");
        }
        if (flags.body != null) {
            if (flags.body.equals("@")) {
                problems.add(RunCommand.BODY_WITHOUT_FILE);
            } else if (flags.body.startsWith("@")) {
                file.setOnEveryRequest("body_file", flags.body.substring(1), "--body");
            } else {
                file.setOnEveryRequest("body", flags.body, "--body");
            }
        }
        for (String h : flags.headers) {
            try {
                Header parsed = Header.parse(h);
                file.addHeader(parsed.name(), parsed.value(), "-H");
            } catch (IllegalArgumentException e) {
                problems.add("-H: " + e.getMessage());
            }
        }
    }

    /**
     * Takes the plan's {@code output} section where no output flag was given: a flag always wins. Runs before
     * the plan is resolved, so that its paths are checked even when the rest of the plan is wrong; a value the
     * schema rejects is left out here, and reported by resolving.
     */
    private void useOutputs(PlanFile.Output o, List<String> problems) {
        ReportOptions report = flags.report;
        report.json = path("--json", o.json(), report.json, problems);
        report.html = path("--html", o.html(), report.html, problems);
        report.csv = path("--csv", o.csv(), report.csv, problems);
        report.hlog = path("--hlog", o.hlog(), report.hlog, problems);
        report.percentiles = path("--percentiles", o.percentiles(), report.percentiles, problems);
        report.junit = path("--junit", o.junit(), report.junit, problems);
        if (o.latency() != null && !given("--latency")) {
            report.latency = o.latency();
        }
        if (o.progress() != null && !given("--progress")) {
            for (ReportOptions.Progress mode : ReportOptions.Progress.values()) {
                if (mode.name().equalsIgnoreCase(o.progress())) { // in any case, as --progress takes it
                    report.progress = mode;
                }
            }
        }
        if (o.preflight() != null && !given("--no-preflight")) {
            report.noPreflight = !o.preflight();
        }
    }

    private Path path(String flag, String fromPlan, Path fromFlag, List<String> problems) {
        if (fromPlan == null || fromPlan.isEmpty() || given(flag)) {
            return fromFlag; // an empty value is the schema's to report ("must not be empty"), once
        }
        String label = flags.url + ": output." + flag.substring(2);
        String why = OutputFileConverter.problem(fromPlan);
        if (why != null) {
            problems.add(label + " '" + fromPlan + "' " + why);
            return fromFlag;
        }
        flags.report.setByPlan(flag, flags.url);
        return Path.of(fromPlan);
    }

    private boolean given(String option) {
        return flags.given(option);
    }
}
