package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gale.record.RunResult;
import dev.gale.record.TimelinePoint;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results validate against the documented schema, and readers take results older and newer than they are. */
class JsonSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Schema schema() throws Exception {
        try (InputStream in = JsonReport.class.getResourceAsStream("gale-result-1.schema.json")) {
            assertThat(in).as("the schema ships in the jar").isNotNull();
            JsonNode node = MAPPER.readTree(in);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(node);
        }
    }

    private static List<Error> validate(RunResult r) throws Exception {
        return schema().validate(MAPPER.readTree(JsonReport.toString(r)));
    }

    @Test
    void resultsValidateAgainstTheSchema() throws Exception {
        assertThat(validate(SampleResults.typical())).isEmpty();
        assertThat(validate(SampleResults.withWarmup())).isEmpty();
    }

    @Test
    void theSchemaDescribesConnectionsClosedAfterBytesBeyondAResponse() throws Exception {
        assertThat(validate(HandMadeResults.extraBytes())).isEmpty();
        ObjectNode json = JsonReport.toJson(HandMadeResults.extraBytes());
        ObjectNode target = (ObjectNode) json.get("targets").get(0);
        ((ObjectNode) target.get("pool")).put("closedAfterExtraBytes", -1);
        target.put("firstExtraBytes", 44);
        assertThat(schema().validate(json)).hasSize(2);
    }

    @Test
    void theSchemaDescribesTheRequestsThatWaitedForAConnection() throws Exception {
        ObjectNode json = JsonReport.toJson(HandMadeResults.simple());
        assertThat(schema().validate(json)).isEmpty();
        ((ObjectNode) json.get("total")).put("waitedForConnection", -1);
        ((ObjectNode) json.get("targets").get(0)).put("longestConnectionWaitNanos", "812ms");
        assertThat(schema().validate(json)).hasSize(2);
    }

    @Test
    void theSchemaRejectsWhatIsNotAResult() throws Exception {
        ObjectNode json = JsonReport.toJson(SampleResults.typical());
        json.put("format", "gale-result/2");
        ((ObjectNode) json.get("total").get("responseTime")).put("p99", "fast");
        json.remove("timeline");
        assertThat(schema().validate(json)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aResultWrittenBeforeTheTimelineKeptServiceAndPerRequestHistogramsStillReads() throws java.io.IOException {
        ObjectNode json = JsonReport.toJson(SampleResults.typical());
        for (JsonNode p : json.get("timeline")) {
            ((ObjectNode) p).remove("serviceTimeHistogram");
            ((ObjectNode) p).remove("requestHistograms");
        }
        RunResult r = JsonReport.fromJson(json, "old.json");
        assertThat(r.timeline().get(0).serviceTimeHistogram()).isEmpty();
        assertThat(r.timeline().get(0).requestHistograms()).isEmpty();
        // Every report still renders; the log just has fewer tags.
        assertThat(HtmlReport.render(r)).contains("chart-distribution");
        java.io.ByteArrayOutputStream hlog = new java.io.ByteArrayOutputStream();
        HlogReport.write(r, hlog);
        assertThat(hlog.toString().lines().filter(l -> l.startsWith("Tag=")).count())
                .isZero();
    }

    @Test
    void theTimelineKeepsTheLoadThePlanOffered() throws Exception {
        RunResult stalled = HandMadeResults.stalled();
        assertThat(validate(stalled)).isEmpty();
        JsonNode point = JsonReport.toJson(stalled).get("timeline").get(1);
        assertThat(point.get("total").get("scheduled").asLong()).isEqualTo(800);
        assertThat(point.get("offered").asDouble()).isEqualTo(1720.0);
        assertThat(point.get("requestOffered")).hasSize(2);
        assertThat(point.get("requestOffered").get(0).asDouble()).isEqualTo(1290.0);
        RunResult back = JsonReport.fromJson(JsonReport.toJson(stalled), "r.json");
        assertThat(back.timeline()).isEqualTo(stalled.timeline());
        // Over a run that ran its plan to the end, the intervals offered what it scheduled.
        assertThat(back.timeline().stream().mapToDouble(TimelinePoint::offered).sum())
                .isEqualTo(4000.0)
                .isEqualTo(back.total().scheduled());
    }

    @Test
    void aResultWrittenBeforeTheTimelineKeptTheOfferedLoadReadsWhatItIssuedAsOffered() {
        ObjectNode json = JsonReport.toJson(HandMadeResults.stalled());
        for (JsonNode p : json.get("timeline")) {
            ((ObjectNode) p).remove("offered");
            ((ObjectNode) p).remove("requestOffered");
        }
        TimelinePoint p = JsonReport.fromJson(json, "old.json").timeline().get(1);
        // As gale showed it then: the requests issued.
        assertThat(p.offered()).isEqualTo(800.0);
        assertThat(p.requestOffered()).containsExactly(600.0, 200.0);
        assertThat(p.offeredOf(1)).isEqualTo(200.0);
    }

    @Test
    void theSchemaDescribesTheRequestsOfTheOtherKindAnIntervalKeepsApart() throws Exception {
        RunResult r = HandMadeResults.lateWarmUp();
        assertThat(validate(r)).isEmpty();
        ObjectNode json = JsonReport.toJson(r);
        ObjectNode other = (ObjectNode) json.at("/timeline/2/otherKind");
        assertThat(other.get("requests")).hasSize(2);
        other.remove("requests");
        other.put("responseTimeHistogram", 3);
        assertThat(schema().validate(json)).hasSize(2);
    }

    /**
     * A result written before the timeline kept an interval's requests of the other kind apart counted them in the
     * interval's figures too, and beside them in a crossover: it is read in the shape of a result written now, each
     * interval's own kind in its figures and the other kind in otherKind, so that every view of it (the interval
     * log, the CSV, the charts, gale compare) keeps the kinds apart. Only the counts per request name stay as they
     * were written, as those of the other kind were not kept; and the schedule lag, of which no histogram was.
     */
    @Test
    void aResultWrittenBeforeTheTimelineKeptTheOtherKindApartIsReadWithEachKindApart() throws Exception {
        RunResult now = HandMadeResults.lateWarmUp();
        ObjectNode json =
                SampleResults.writtenBeforeTheTimelineKeptTheOtherKindApart(now, HandMadeResults.lateWarmUpSnapshots());
        assertThat(schema().validate(json)).isEmpty();
        assertThat(json.at("/timeline/2/total/responses").asLong())
                .as("the first measured second's 100 measured responses and the warm-up's 29 late ones")
                .isEqualTo(129);
        assertThat(json.at("/timeline/2/crossover").has("requests")).isFalse();
        assertThat(json.at("/timeline/2").has("otherKind")).isFalse();

        RunResult back = JsonReport.fromJson(json, "old.json");
        RunResult nowBack = JsonReport.fromJson(JsonReport.toJson(now), "now.json");
        for (int k = 0; k < now.timeline().size(); k++) {
            TimelinePoint p = back.timeline().get(k);
            TimelinePoint expected = nowBack.timeline().get(k);
            assertThat(p)
                    .as("interval %d", k)
                    .usingRecursiveComparison()
                    .ignoringFields("total.scheduleLag", "requests", "otherKind.requests")
                    .isEqualTo(expected);
            if (expected.otherKind() != null) {
                assertThat(p.otherKind().requests()).isEmpty();
            }
        }
        assertThat(back.timeline().get(2).total().responses()).isEqualTo(100);
        assertThat(back.timeline().get(2).otherKind().total().responses()).isEqualTo(29);
        assertThat(hlog(back)).contains("Tag=warmup,").isEqualTo(hlog(now));
        assertThat(Comparison.perSecond(back)).containsExactly(Comparison.perSecond(now));

        // Written again, it is a result of the shape written now, and reads back the same.
        ObjectNode again = JsonReport.toJson(back);
        assertThat(schema().validate(again)).isEmpty();
        assertThat(again.at("/timeline/2").has("crossover")).isFalse();
        assertThat(again.at("/timeline/2/otherKind/total/responses").asLong()).isEqualTo(29);
        assertThat(JsonReport.toString(JsonReport.fromJson(again, "again.json")))
                .isEqualTo(JsonReport.toString(back));
    }

    private static String hlog(RunResult r) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HlogReport.write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readersIgnorePropertiesALaterVersionAdds() throws Exception {
        ObjectNode json = JsonReport.toJson(SampleResults.typical());
        json.put("addedLater", 1);
        ((ObjectNode) json.get("timeline").get(0)).put("addedLater", "x");
        ((ObjectNode) json.get("timeline").get(0).get("total")).put("addedLater", true);
        assertThat(JsonReport.fromJson(json, "new.json").timeline())
                .hasSameSizeAs(SampleResults.typical().timeline());
        assertThat(schema().validate(json)).isEmpty();
    }

    @Test
    void aResultReadBackFromJsonWritesTheSameJson() {
        RunResult r = SampleResults.withWarmup();
        String json = JsonReport.toString(r);
        assertThat(JsonReport.toString(JsonReport.fromJson(JsonReport.toJson(r), "r.json")))
                .isEqualTo(json);
    }
}
