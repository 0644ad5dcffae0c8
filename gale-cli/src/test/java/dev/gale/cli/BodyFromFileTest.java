package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --body @FILE} sends the bytes of a file that exists, rather than reading it as more arguments. */
class BodyFromFileTest {
    @Test
    void anExistingBodyFileIsTheBodyOfEveryRequest(@TempDir Path dir) throws Exception {
        Path payload = Files.writeString(dir.resolve("payload.json"), "{\"a\": 1}\n");

        Gale.Result r = Gale.run("run", "--dry-run", "-m", "POST", "--body", "@" + payload, "http://127.0.0.1:1/");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POST / -> 127.0.0.1:1, ", "body 9B");
    }

    /** As with {@code curl -d}: a body without a method is a POST, and a method given says otherwise. */
    @Test
    void aBodyWithoutAMethodIsAPostOnTheCommandLineAndInAPlan(@TempDir Path dir) throws Exception {
        Gale.Result flag = Gale.run("run", "--dry-run", "--body", "{}", "http://127.0.0.1:1/");
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(flag.out()).contains("POST / -> 127.0.0.1:1, ", "body 2B").doesNotContain("GET /");

        Gale.Result get = Gale.run("run", "--dry-run", "-m", "get", "--body", "{}", "http://127.0.0.1:1/");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.out()).contains("GET / -> 127.0.0.1:1, ", "body 2B");

        Gale.Result none = Gale.run("run", "--dry-run", "http://127.0.0.1:1/");
        assertThat(none.out()).contains("GET / -> 127.0.0.1:1, ").doesNotContain("POST");

        Files.writeString(dir.resolve("b.json"), "[1]");
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - name: t
                    url: http://127.0.0.1:1
                requests:
                  - {name: inline, target: t, path: /a, body: x}
                  - {name: file, target: t, path: /b, body_file: b.json}
                  - {name: put, target: t, path: /c, method: put, body: x}
                  - {name: plain, target: t, path: /d}
                """);
        Gale.Result own = Gale.run("run", "--dry-run", plan.toString());
        assertThat(own.exitCode()).as(own.toString()).isZero();
        assertThat(own.out()).contains("POST /a -> t, ", "POST /b -> t, ", "PUT /c -> t, ", "GET /d -> t, ");

        // --body over the plan makes every request without a method of its own a POST.
        Gale.Result over = Gale.run("run", "--dry-run", "--body", "y", plan.toString());
        assertThat(over.exitCode()).as(over.toString()).isZero();
        assertThat(over.out()).contains("POST /d -> t, ", "PUT /c -> t, ");
    }

    @Test
    void aFolderGivenAsTheBodyFileIsOneLineOfInvalidInput(@TempDir Path dir) {
        Gale.Result r = Gale.run("run", "--dry-run", "--body", "@" + dir, "http://127.0.0.1:1/");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: --body: cannot read " + dir + " (");
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }

    @Test
    void atDashIsTheBodyReadFromStandardInputAsCurlDoes() {
        String body = "{\"order\": 42}";
        Gale.Result r = withStdin(
                body, () -> Gale.run("run", "--dry-run", "-m", "POST", "--body", "@-", "http://127.0.0.1:1/"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POST / -> 127.0.0.1:1, ", "body 13B");
    }

    @Test
    void atDashOverAPlanGivesEveryRequestTheBodyOfStandardInputReadOnce(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - name: t
                    url: http://127.0.0.1:1
                requests:
                  - {name: a, target: t, path: /a, method: POST}
                  - {name: b, target: t, path: /b, method: POST, body_file: -}
                """);
        Gale.Result flag = withStdin("12345", () -> Gale.run("run", "--dry-run", "--body", "@-", plan.toString()));
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(flag.out()).contains("POST /a -> t, ", "POST /b -> t, ");
        assertThat(flag.out().split("body 5B", -1)).as(flag.out()).hasSize(3);

        // The plan's own body_file: - reads standard input too.
        Gale.Result own = withStdin("123", () -> Gale.run("run", "--dry-run", plan.toString()));
        assertThat(own.exitCode()).as(own.toString()).isZero();
        assertThat(own.out()).contains("body 3B");
    }

    /** {@code --body @-} or a plan's {@code body_file: -} typed at a terminal would wait for the body in silence. */
    @org.junit.jupiter.params.ParameterizedTest(name = "stdin a terminal: {0}, from a plan: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void atDashSaysOnceThatItReadsTheBodyWhenStandardInputIsATerminal(
            boolean terminal, boolean fromPlan, @TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("stdin.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests: [{method: POST, body_file: '-'}]
                rate: 1
                duration: 1s
                """);
        String[] args = fromPlan
                ? new String[] {"run", "--dry-run", plan.toString()}
                : new String[] {"run", "--dry-run", "-m", "POST", "--body", "@-", "http://127.0.0.1:1/"};
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        run.stdinIsTerminal = () -> terminal;

        int code =
                withStdin("{}", () -> new Gale.Result(cl.execute(args), "", "")).exitCode();

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("body 2B");
        assertThat(err.toString())
                .isEqualTo(terminal ? "gale: reading the request body from stdin (end it with Ctrl-D)\n" : "");
    }

    /** What {@code command} returns with {@code text} as standard input. */
    private static Gale.Result withStdin(String text, Supplier<Gale.Result> command) {
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            return command.get();
        } finally {
            System.setIn(before);
        }
    }
}
