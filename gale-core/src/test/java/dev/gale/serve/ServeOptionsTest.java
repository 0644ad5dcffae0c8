package dev.gale.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServeOptionsTest {
    @Test
    void aBodySizeOutsideWhatServeTakesIsRefusedWhereverTheOptionsAreMade() {
        assertThat(ServeOptions.defaults()
                        .withBodySize(ServeParameters.MAX_BODY_BYTES)
                        .bodySize())
                .isEqualTo(ServeParameters.MAX_BODY_BYTES);
        assertThatThrownBy(() -> ServeOptions.defaults().withBodySize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bodySize");
        assertThatThrownBy(() -> ServeOptions.defaults().withBodySize(ServeParameters.MAX_BODY_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bodySize");
    }
}
