package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

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
}
