package dev.gale.cli;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.report.Units;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code gale run} says when a closed-model phase runs fewer users than it was given, because its request
 * limit leaves the others nothing to send ({@link Plan#usersWithinRequestLimits()}): one line per such phase,
 * naming what the user wrote, the flags of a URL ({@code -n 1 is below -c 64: 1 connection is enough}), or the
 * plan's phase and its {@code max_requests}. No I/O.
 */
final class RequestLimitNotes {
    private RequestLimitNotes() {}

    /**
     * The notes on each phase of {@code asked} whose users {@code cut} has fewer of; a warm-up that follows its
     * phase gets none of its own. Empty if nothing was cut.
     *
     * @param cut {@code asked.usersWithinRequestLimits()}
     * @param flags the command that made {@code asked}, for the names of what it was given
     */
    static List<String> of(Plan asked, Plan cut, RunCommand flags) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < asked.phases().size(); i++) {
            Phase was = asked.phases().get(i);
            if (was.maxRequests() == 0
                    || was.load().equals(cut.phases().get(i).load())
                    || !(was.load() instanceof LoadModel.Closed users)) {
                continue;
            }
            long n = was.maxRequests();
            String enough = ": " + Units.count(n, "connection") + (n == 1 ? " is" : " are") + " enough";
            if (!RunCommand.isPlanFile(flags.url)) {
                notes.add("-n " + n + " is below -c " + flags.connections
                        + (flags.given("--connections") ? "" : " (the default)") + enough);
            } else {
                String limit = flags.given("--requests") ? "-n " + n : "max_requests " + n;
                String given = users.startConnections() == users.endConnections()
                        ? String.valueOf(users.startConnections())
                        : users.startConnections() + ".." + users.endConnections();
                notes.add(flags.url + ", phase '" + was.name() + "': " + limit + " is below its " + given
                        + " connections" + enough);
            }
        }
        return notes;
    }
}
