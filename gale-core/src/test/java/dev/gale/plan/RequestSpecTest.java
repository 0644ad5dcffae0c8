package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestSpecTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the path sent                                   | the path every output shows
            /                                                 | /
            /search?q=shoes&page=2                            | /search?q=shoes&page=2
            /items?keyword=red&monkey=1                       | /items?keyword=red&monkey=1
            /v1?api_key=abc123&q=x                            | /v1?api_key=<redacted>&q=x
            /v1?q=x&ACCESS_TOKEN=abc&key=k1&sig=s1&Password=p | /v1?q=x&ACCESS_TOKEN=<redacted>&key=<redacted>&sig=<redacted>&Password=<redacted>
            /v?accessToken=a&clientSecret=b&X-Amz-Signature=c  | /v?accessToken=<redacted>&clientSecret=<redacted>&X-Amz-Signature=<redacted>
            /v?secret_key=a&private_key=b&access_key=c&sid=d   | /v?secret_key=<redacted>&private_key=<redacted>&access_key=<redacted>&sid=<redacted>
            /posts?author=alice&sort_key=date&monkey=1        | /posts?author=alice&sort_key=date&monkey=1
            /t?refresh_token=r&client_secret=c&x_api_key=k    | /t?refresh_token=<redacted>&client_secret=<redacted>&x_api_key=<redacted>
            /v1?token                                         | /v1?token
            /v1?token=                                        | /v1?token=
            /v1?session_id=a=b&&x=1                           | /v1?session_id=<redacted>&&x=1
            /v1?api_key=<redacted>                            | /v1?api_key=<redacted>
            """)
    void secretQueryParametersAreRedactedByName(String path, String shown) {
        RequestSpec r = RequestSpec.get("r", "t", path);

        assertThat(r.displayPath()).isEqualTo(shown);
        assertThat(RequestSpec.displayPath(path)).isEqualTo(shown);
        assertThat(r.path()).as("what goes on the wire").isEqualTo(path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the request's headers, ';' between them   | asks the server to close its connection
            Connection: close                          | true
            connection: CLOSE                          | true
            Connection: keep-alive, close              | true
            Accept: */*;Connection:close               | true
            Connection: keep-alive                     | false
            Connection: closed                         | false
            X-Connection: close                        | false
            Accept: close                              | false
            """)
    void aConnectionHeaderWithTheCloseOptionClosesTheConnection(String headers, boolean closes) {
        List<Header> list = Arrays.stream(headers.split(";")).map(Header::parse).toList();
        RequestSpec r = new RequestSpec("r", "t", "GET", "/", list, new byte[0], StatusSet.SUCCESS, 1, 0);

        assertThat(r.closesConnection()).isEqualTo(closes);
        assertThat(RequestSpec.get("r", "t", "/").closesConnection()).isFalse();
    }
}
