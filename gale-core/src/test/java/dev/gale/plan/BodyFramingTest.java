package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyFramingTest {
    private static final String LEAVE_IT_OUT = "; leave the header out, gale sets it";
    private static final String NOT_CHUNKED =
            " not in chunks ending with the last chunk (0 CRLF CRLF); leave the header out, gale sets Content-Length";

    @ParameterizedTest(name = "{0} with body ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # headers (';' between two)           | body (\\r\\n for CRLF)                  | why the first header is wrong, or - when it is right
            Content-Length: 5                      | hello                                   | -
            Content-Length: 005                    | hello                                   | -
            content-length: 0                      |                                         | -
            Content-Length: 3                      | hello                                   | does not match the body, which is 5 bytes%s
            Content-Length: 2                      | é                                       | -
            Content-Length: 1                      | é                                       | does not match the body, which is 2 bytes%s
            Content-Length: 0                      | x                                       | does not match the body, which is 1 byte%s
            Content-Length: 5                      |                                         | does not match the body, which is 0 bytes%s
            Content-Length: five                   | hello                                   | does not match the body, which is 5 bytes%s
            Content-Length: -5                     | hello                                   | does not match the body, which is 5 bytes%s
            Content-Length: 5;Transfer-Encoding: chunked | hello                             | contradicts Transfer-Encoding, which frames the body instead; leave Content-Length out
            Transfer-Encoding: chunked             | 5\\r\\nhello\\r\\n0\\r\\n\\r\\n         | -
            Transfer-Encoding: gzip, Chunked       | 1;ext=a\\r\\nx\\r\\n0\\r\\nX-T: 1\\r\\n\\r\\n | -
            Transfer-Encoding: chunked             |                                         | does not match the body, 0 bytes%s
            Transfer-Encoding: chunked             | hello                                   | does not match the body, 5 bytes%s
            Transfer-Encoding: chunked             | 5\\r\\nhello\\r\\n0\\r\\n               | does not match the body, 13 bytes%s
            Transfer-Encoding: chunked             | 5\\r\\nhello\\r\\n0\\r\\n\\r\\nGET      | does not match the body, 18 bytes%s
            Transfer-Encoding: chunked             | 9\\r\\nhello\\r\\n0\\r\\n\\r\\n         | does not match the body, 15 bytes%s
            Transfer-Encoding: gzip                | hello                                   | does not end with chunked, as a request's must; leave the header out, gale sets Content-Length
            'Transfer-Encoding: ,'                 | hello                                   | does not end with chunked, as a request's must; leave the header out, gale sets Content-Length
            'Transfer-Encoding: chunked,'          | hello                                   | does not end with chunked, as a request's must; leave the header out, gale sets Content-Length
            X-Length: 3                            | hello                                   | -
            """)
    void aFramingHeaderMustDescribeTheBody(String headers, String body, String why) {
        List<Header> hs = new ArrayList<>();
        for (String h : headers.split(";(?=[A-Za-z-]+:)")) {
            hs.add(Header.parse(h));
        }
        byte[] bytes = (body == null ? "" : body.replace("\\r\\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        String expected = why == null ? null : why.formatted(why.contains("which is") ? LEAVE_IT_OUT : NOT_CHUNKED);
        assertThat(BodyFraming.problem(hs.get(0), hs, bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            Content-Length: 5, Content-Length: 5
            Content-Length: 5, content-length: 5
            """)
    void aContentLengthGivenTwiceIsReportedOnce(String first, String second) {
        List<Header> hs = List.of(Header.parse(first), Header.parse(second));
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(BodyFraming.problem(hs.get(0), hs, body)).isNull();
        assertThat(BodyFraming.problem(hs.get(1), hs, body)).isEqualTo("is given twice" + LEAVE_IT_OUT);
    }
}
