package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMixTest {
    @Test
    void oneRequestIsATableOfOne() {
        assertThat(RequestMix.table(new double[] {7.5})).containsExactly(0);
    }

    @ParameterizedTest(name = "weights {0} -> slots {1}")
    @CsvSource({
        // weights, expected slots per request out of 1000
        "'1 1', '500 500'", //                equal weights split evenly
        "'3 1', '750 250'", //                3:1
        "'1 2 3', '167 333 500'", //          1000/6 leaves one slot: it goes to the largest remainder
        "'1 1 1', '334 333 333'", //          a tie in remainders goes to the first request
        "'0.2 0.3 0.5', '200 300 500'", //    fractional weights
        "'1 10000', '1 999'", //              a tiny share still gets one slot
        "'2 2 2 2 2 2 2', '143 143 143 143 143 143 142'", //   seven equal: 1000 = 6 * 143 + 142
    })
    void slotsAreProportionalToWeights(String weights, String expected) {
        double[] w = Arrays.stream(weights.split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
        int[] table = RequestMix.table(w);
        int[] slots = new int[w.length];
        for (int r : table) {
            slots[r]++;
        }
        assertThat(table).hasSize(RequestMix.RESOLUTION);
        assertThat(slots)
                .containsExactly(Arrays.stream(expected.split(" "))
                        .mapToInt(Integer::parseInt)
                        .toArray());
    }

    @Test
    void threeToOneIsInterleavedNotBatched() {
        int[] table = RequestMix.table(new double[] {3, 1});
        assertThat(Arrays.copyOf(table, 8)).containsExactly(0, 0, 1, 0, 0, 0, 1, 0);
    }

    @Test
    void sharesAreWhatTheTableSendsOfEachRequest() {
        assertThat(RequestMix.shares(RequestMix.table(new double[] {3, 1}), 2)).containsExactly(0.75, 0.25);
        assertThat(RequestMix.shares(RequestMix.table(new double[] {7.5}), 1)).containsExactly(1.0);
        // Every request gets at least one entry of the table, however small its weight.
        assertThat(RequestMix.shares(RequestMix.table(new double[] {1e-6, 1}), 2))
                .containsExactly(0.001, 0.999);
    }

    @Test
    void equalWeightsAlternate() {
        int[] table = RequestMix.table(new double[] {1, 1});
        for (int i = 0; i < table.length; i++) {
            assertThat(table[i]).isEqualTo(i % 2);
        }
    }

    @Test
    void everyPrefixStaysWithinOneRequestOfItsShare() {
        double[][] mixes = {{3, 1}, {1, 2, 3}, {5, 3, 2}, {0.2, 0.3, 0.5}, {1, 1, 1, 1, 96}};
        for (double[] w : mixes) {
            int[] table = RequestMix.table(w);
            int[] slots = new int[w.length];
            for (int r : table) {
                slots[r]++;
            }
            int[] seen = new int[w.length];
            for (int n = 1; n <= table.length; n++) {
                seen[table[n - 1]]++;
                for (int r = 0; r < w.length; r++) {
                    double share = (double) n * slots[r] / table.length;
                    assertThat(Math.abs(seen[r] - share))
                            .as("request %d after %d arrivals of %s", r, n, Arrays.toString(w))
                            .isLessThan(1.0);
                }
            }
        }
    }

    @Test
    void moreRequestsThanSlotsStillGiveEachOneASlot() {
        double[] w = new double[1001];
        Arrays.fill(w, 1);
        int[] table = RequestMix.table(w);
        assertThat(table).hasSize(1001);
        assertThat(Arrays.stream(table).distinct().count()).isEqualTo(1001);
    }
}
