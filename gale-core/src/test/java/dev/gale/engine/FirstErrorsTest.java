package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gale.record.ErrorKind;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstErrorsTest {
    /**
     * The result schema names every kind a target's first description is kept for: a kind it left out made gale
     * report refuse a result whose target had timed out connecting ('property 'connect_timeout' name is not
     * valid').
     */
    @Test
    void theResultSchemaAllowsEveryKindThatIsDescribed() throws Exception {
        JsonNode schema;
        try (InputStream in = FirstErrors.class.getResourceAsStream("/dev/gale/report/gale-result-1.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> allowed = new ArrayList<>();
        schema.findParent("firstErrors")
                .get("firstErrors")
                .at("/propertyNames/enum")
                .forEach(n -> allowed.add(n.asText()));
        assertThat(allowed)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorKind.values())
                        .filter(FirstErrors::described)
                        .map(ErrorKind::key)
                        .toList());
    }
}
