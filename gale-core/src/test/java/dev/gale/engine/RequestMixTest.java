package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMixTest {
    @Test
    void oneRequestIsAllOfTheMix() {
        assertThat(shares("7.5")).containsExactly(1.0);
        assertThat(walk("7.5", 1, 2, 5)).containsExactly(0, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "weights {0}")
    @CsvSource({
        "'1 1'",
        "'3 1'",
        "'1 2000 1000'", //      a share of 1/3,001, not the 1/1,000 of a table of 1,000
        "'3 2000 1000'",
        "'10000 1*50'", //       each small one 1/10,050
        "'0.2 0.3 0.5'",
        "'1e-6 1'", //           far below any table's resolution
        "'1e9 1e9 0.001'",
    })
    void sharesAreTheWeightsExactly(String weights) {
        double[] w = weights(weights);
        double sum = Arrays.stream(w).sum();
        double[] shares = shares(weights);
        for (int i = 0; i < w.length; i++) {
            assertThat(shares[i]).as("request %d of %s", i, weights).isCloseTo(w[i] / sum, withinPercentage(1e-9));
        }
    }

    @ParameterizedTest(name = "weights {0}, every {1} arrivals")
    @CsvSource({
        // weights, the period: the weights as whole numbers (by a power of ten), over their gcd, added up
        "'3 1', 4",
        "'6 2', 4", //                   weights are relative
        "'1 2000 1000', 3001",
        "'3 2000 1000', 3003",
        "'10000 1*50', 10050",
        "'0.2 0.3 0.5', 10", //          2:3:5
        "'2 2 2 2 2 2 2', 7",
        "'1*1001', 1001", //             more requests than the old table had entries
        "'33.33 33.33 33.34', 10000",
    })
    void everyRunOfOnePeriodSendsEachRequestExactlyItsWeight(String weights, int period) {
        double[] w = weights(weights);
        double sum = Arrays.stream(w).sum();
        for (int stripes = 1; stripes <= 3; stripes++) {
            for (int stripe = 0; stripe < stripes; stripe++) {
                // Every window of one period, wherever it starts: the loop's first, its second, any in between.
                int[] sent = walk(weights, stripe, stripes, 2 * period);
                long[] window = new long[w.length];
                String wrong = null;
                for (int n = 0; n < 2 * period && wrong == null; n++) {
                    window[sent[n]]++;
                    if (n >= period) {
                        window[sent[n - period]]--;
                    }
                    for (int i = 0; i < w.length && n >= period - 1 && wrong == null; i++) {
                        if (Math.abs(window[i] - period * w[i] / sum) > 1e-6) {
                            wrong = "request %d: %d in arrivals %d..%d".formatted(i, window[i], n - period + 1, n);
                        }
                    }
                }
                assertThat(wrong)
                        .as("%s on loop %d of %d", weights, stripe, stripes)
                        .isNull();
            }
        }
    }

    @ParameterizedTest(name = "weights {0}")
    @CsvSource({
        "'3 1'",
        "'1 2 3'",
        "'5 3 2'",
        "'0.2 0.3 0.5'",
        "'1 1 1 1 96'",
        "'10000 1*50'",
        "'1 2000 1000'",
        "'3 2000 1000'",
        "'1*1001'",
        "'1 10000'",
    })
    void afterAnyNumberOfArrivalsEachRequestIsWithinOneOfItsShare(String weights) {
        double[] w = weights(weights);
        double sum = Arrays.stream(w).sum();
        // Two whole periods of the longest mix here, and the short runs of less than 1,000 arrivals among them.
        int arrivals = 21_000;
        int[] sent = walk(weights, 0, 1, arrivals);
        long[] seen = new long[w.length];
        double worst = 0;
        String where = "";
        for (int n = 1; n <= arrivals; n++) {
            seen[sent[n - 1]]++;
            for (int i = 0; i < w.length; i++) {
                double share = n * w[i] / sum;
                if (Math.abs(seen[i] - share) > worst) {
                    worst = Math.abs(seen[i] - share);
                    where = "request %d after %d arrivals: %d sent, %.4f due".formatted(i, n, seen[i], share);
                }
            }
        }
        assertThat(worst).as(where).isLessThan(1.0);
    }

    @Test
    void aRareRequestOfWeightOneOrThreeIsSentAsItsWeightSays() {
        // The tester's runs: 300 req/s for 2 s on two loops, each loop 300 arrivals, a third of the old table.
        double[] one = shares("1 2000 1000");
        double[] three = shares("3 2000 1000");
        assertThat(three[0] / one[0]).isCloseTo(3.0 * 3001 / 3003, withinPercentage(1e-9));
        // 0.2 and 0.6 of a request are due in 600 arrivals: none of either is sent, nor more than one.
        assertThat(union("1 2000 1000", 2, 300)[0]).isZero();
        assertThat(union("3 2000 1000", 2, 300)[0]).isLessThanOrEqualTo(1);
        // Once each loop has sent a whole period, 1 and 3 of each.
        assertThat(union("1 2000 1000", 2, 3001)).containsExactly(2, 4000, 2000);
        assertThat(union("3 2000 1000", 2, 3003)).containsExactly(6, 4000, 2000);
    }

    @Test
    void theLoopsTogetherSendTheWeightsWithoutRepeatingARareRequest() {
        // 1,000 req/s for 3 s on two loops, 1,500 arrivals each: 2,985.1 of the big one are due and 0.3 of each
        // small one. The loops start half a period apart, so they send different small ones.
        long[] sent = union("10000 1*50", 2, 1500);
        assertThat(sent[0]).isBetween(2984L, 2986L);
        long[] small = Arrays.copyOfRange(sent, 1, sent.length);
        assertThat(small).as("small requests sent, each").containsOnly(0, 1);
        assertThat(Arrays.stream(small).sum()).isBetween(14L, 16L);
    }

    @Test
    void theLoopsTogetherStayWithinTwoRequestsPerLoopOfTheWeights() {
        // Each loop is within one request of its share from the start of the sequence, and so within two from
        // where it starts: the loops together within two per loop, and exact over whole periods.
        Random random = new Random(7);
        // The last two of these have no period short enough for a table: a loop starts from its share of the
        // arrivals before its starting point.
        List<String> mixes = new ArrayList<>(
                List.of("3 1", "1 1", "2 1", "1 2 3", "1 1 1 1 96", "10000 1*50", "1000003 999999 7 1", "1e9 20 0.5"));
        for (int m = 0; m < 20; m++) {
            StringBuilder b = new StringBuilder();
            int requests = 2 + random.nextInt(8);
            for (int i = 0; i < requests; i++) {
                b.append(i == 0 ? "" : " ").append(1 + random.nextInt(40));
            }
            mixes.add(b.toString());
        }
        for (String weights : mixes) {
            double[] w = weights(weights);
            double sum = Arrays.stream(w).sum();
            for (int stripes = 2; stripes <= 8; stripes *= 2) {
                int arrivals = 600;
                int[][] walks = new int[stripes][];
                for (int s = 0; s < stripes; s++) {
                    walks[s] = walk(weights, s, stripes, arrivals);
                }
                long[] seen = new long[w.length];
                double worst = 0;
                String where = "";
                for (int n = 1; n <= arrivals; n++) {
                    for (int[] loop : walks) {
                        seen[loop[n - 1]]++;
                    }
                    for (int i = 0; i < w.length; i++) {
                        double share = (double) n * stripes * w[i] / sum;
                        if (Math.abs(seen[i] - share) > worst) {
                            worst = Math.abs(seen[i] - share);
                            where = "request %d after %d arrivals on each loop".formatted(i, n);
                        }
                    }
                }
                assertThat(worst)
                        .as("%s on %d loops: %s", weights, stripes, where)
                        .isLessThan(2.0 * stripes);
            }
        }
    }

    @Test
    void smallWeightsAreSpreadOutNotClumped() {
        // One of the 50 small requests about every 201 arrivals of the loop, never two close together.
        int[] sent = walk("10000 1*50", 0, 1, 10050);
        int last = -1;
        for (int n = 0; n < sent.length; n++) {
            if (sent[n] != 0) {
                if (last >= 0) {
                    assertThat(n - last)
                            .as("arrivals between small requests at %d", n)
                            .isBetween(190, 210);
                }
                last = n;
            }
        }
        assertThat(Arrays.stream(sent).filter(r -> r != 0).distinct().count()).isEqualTo(50);
    }

    @Test
    void equalWeightsAlternateAndTheSecondLoopStartsOnTheOther() {
        assertThat(walk("1 1", 0, 1, 6)).containsExactly(0, 1, 0, 1, 0, 1);
        assertThat(walk("1 1", 1, 2, 6)).containsExactly(1, 0, 1, 0, 1, 0);
    }

    @Test
    void threeToOneIsInterleavedNotBatched() {
        assertThat(walk("3 1", 0, 1, 8)).containsExactly(0, 0, 1, 0, 0, 0, 1, 0);
    }

    @Test
    void moreLoopsThanThePeriodHasArrivalsDoNotStartSideBySideAlike() {
        // Arrivals go to the loops in turn: 1:1 on four loops started them at 0, 0, 1, 1, and the server got
        // runs of four alike (0 0 0 0 1 1 1 1 ...). One apart, round the period, no run is longer than two.
        int loops = 4;
        int[][] walks = new int[loops][];
        for (int s = 0; s < loops; s++) {
            walks[s] = walk("1 1", s, loops, 50);
        }
        int run = 1;
        int longest = 1;
        int previous = -1;
        for (int n = 0; n < 50; n++) {
            for (int s = 0; s < loops; s++) {
                int r = walks[s][n];
                run = r == previous ? run + 1 : 1;
                longest = Math.max(longest, run);
                previous = r;
            }
        }
        assertThat(longest).isLessThanOrEqualTo(2);
    }

    @Test
    void theSameMixAndLoopSendTheSameSequence() {
        for (String weights : List.of("3 1", "10000 1*50", "1e9 1e9 0.001")) {
            MixCursor first = RequestMix.of(weights(weights)).cursor(1, 3);
            MixCursor again = RequestMix.of(weights(weights)).cursor(1, 3);
            for (int n = 0; n < 500; n++) {
                assertThat(again.next()).as("%s: arrival %d", weights, n).isEqualTo(first.next());
            }
        }
    }

    @Test
    void weightsWhosePeriodIsTooLongForATableAreStillSentByTheirShare() {
        // 1e9:1 is a period of 1,000,000,001 arrivals: picked one at a time, by the same rule.
        String weights = "1e9 3 1";
        double[] w = weights(weights);
        double sum = Arrays.stream(w).sum();
        assertThat(RequestMix.of(w).period()).isZero();
        int[] sent = walk(weights, 0, 1, 1_000_000);
        long[] seen = new long[w.length];
        for (int r : sent) {
            seen[r]++;
        }
        assertThat(seen).containsExactly(1_000_000, 0, 0);
        double[] shares = shares(weights);
        for (int i = 0; i < w.length; i++) {
            assertThat(shares[i]).isCloseTo(w[i] / sum, withinPercentage(1e-9));
        }
        // Weights of 1e9:1e9:0.001: every 2e12 arrivals one of the third, never within a million.
        assertThat(walk("1e9 1e9 0.001", 0, 1, 1_000_000)).doesNotContain(2);
        assertThat(walk("1e9 1e9 0.001", 0, 1, 10)).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    }

    /** {@code '3 1*2'}: weights 3, 1, 1. */
    private static double[] weights(String weights) {
        List<Double> w = new ArrayList<>();
        for (String item : weights.split(" ")) {
            String[] times = item.split("\\*");
            int n = times.length == 2 ? Integer.parseInt(times[1]) : 1;
            for (int i = 0; i < n; i++) {
                w.add(Double.parseDouble(times[0]));
            }
        }
        return w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] shares(String weights) {
        return RequestMix.of(weights(weights)).shares();
    }

    /** The requests loop {@code stripe} of {@code stripes} sends first, {@code arrivals} of them. */
    private static int[] walk(String weights, int stripe, int stripes, int arrivals) {
        MixCursor cursor = RequestMix.of(weights(weights)).cursor(stripe, stripes);
        int[] sent = new int[arrivals];
        for (int n = 0; n < arrivals; n++) {
            sent[n] = cursor.next();
        }
        return sent;
    }

    /** Per request, how many {@code stripes} loops send of it in their first {@code arrivals} arrivals each. */
    private static long[] union(String weights, int stripes, int arrivals) {
        long[] sent = new long[weights(weights).length];
        for (int s = 0; s < stripes; s++) {
            for (int r : walk(weights, s, stripes, arrivals)) {
                sent[r]++;
            }
        }
        return sent;
    }
}
