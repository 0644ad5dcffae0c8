package dev.gale.engine;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The request mix: the order in which the plan's requests go out, by their weights. A request's share is its
 * weight over their sum, exactly, however small: there are no slots to round it to. Each event loop walks the
 * order through a {@link MixCursor} of its own.
 *
 * <p>The order is earliest deadline first ({@link DeadlineCursor}): after any {@code k} arrivals from its
 * start, each request of share {@code p} has been sent {@code floor(k * p)} or {@code ceil(k * p)} times, so a
 * request of weight {@code w} out of {@code W} goes out about every {@code W / w} arrivals, never in clumps.
 *
 * <p>When the weights are whole numbers once multiplied by a power of ten (0.5 is 5, 33.33 is 3,333), reduced
 * by their greatest common divisor, and add up to {@code W <= }{@value #MAX_PERIOD}, the order repeats every
 * {@code W} arrivals, with each request exactly its weight times in any {@code W} arrivals in a row; one
 * period is worked out when the run is made, and a pick is a look-up. Otherwise each pick is worked out as
 * the loop needs it, in {@code O(log n)} for {@code n} requests, by the same rule.
 *
 * <p>Every loop walks the whole order, not a stripe of it as it takes a stripe of the arrivals: with a 1:1
 * mix on two loops, one loop would send only one request and the other only the other, each with only its
 * loop's share of its target's connections. Loop {@code s} of {@code L} starts its walk {@code s/L} of the
 * way through the period (or, without one, through the arrivals in which the rarest request is due once), so
 * that the loops send different requests of small weight rather than the same ones at the same time. Each
 * loop is then within two requests of its share of its own arrivals (about two, without a period), and exact
 * over each of its periods: the loops together follow the weights. Immutable and thread-safe: the loops
 * share one.
 */
final class RequestMix {
    /** The longest period kept as a table: 2^20 arrivals, 4 MiB. */
    static final int MAX_PERIOD = 1 << 20;

    private final double[] weights;
    private final double[] shares;
    /** One period of the order, or null when the weights have none of at most {@link #MAX_PERIOD}. */
    private final int[] table;

    private RequestMix(double[] weights, double[] shares, int[] table) {
        this.weights = weights;
        this.shares = shares;
        this.table = table;
    }

    /** The mix of requests of these weights (plan order), each greater than 0 and finite. */
    static RequestMix of(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] shares = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            shares[i] = weights[i] / sum;
        }
        long[] whole = wholeWeights(weights);
        int[] table = null;
        if (whole != null) {
            double[] exact = new double[whole.length];
            long period = 0;
            for (int i = 0; i < whole.length; i++) {
                exact[i] = whole[i];
                period += whole[i];
            }
            // Whole weights of a sum <= 2^20: every product the cursor computes is exact in a double.
            DeadlineCursor first = new DeadlineCursor(exact, 0);
            table = new int[(int) period];
            for (int k = 0; k < table.length; k++) {
                table[k] = first.next();
            }
        }
        return new RequestMix(weights.clone(), shares, table);
    }

    /** Each request's share of the arrivals (plan order): its weight over their sum. They add up to 1. */
    double[] shares() {
        return shares.clone();
    }

    /** The arrivals after which the order repeats, or 0 when it is picked one arrival at a time. */
    int period() {
        return table == null ? 0 : table.length;
    }

    /** A new walk through the mix for loop {@code stripe} (from 0) of {@code stripes}. */
    MixCursor cursor(int stripe, int stripes) {
        if (table != null) {
            return new TableCursor(table, start(table.length, stripe, stripes));
        }
        double sum = 0;
        double least = Double.MAX_VALUE;
        for (double w : weights) {
            sum += w;
            least = Math.min(least, w);
        }
        // A weight so small that it is due once in more than 2^52 arrivals is never sent anyway.
        double rarest = Math.min(sum / least, 0x1p52);
        return new DeadlineCursor(
                weights,
                rarest >= stripes
                        ? (long) Math.floor(rarest * stripe / stripes)
                        : start((int) Math.ceil(rarest), stripe, stripes));
    }

    /**
     * Where loop {@code stripe} of {@code stripes} starts a period of {@code period} arrivals: {@code stripe/stripes}
     * of the way through it; with more loops than the period has arrivals, one arrival further than the loop before
     * it, round the period, so that loops side by side do not start at the same place (a 1:1 mix on four loops
     * started them at 0, 0, 1, 1, and the server got runs of four alike).
     */
    private static int start(int period, int stripe, int stripes) {
        return stripes <= period ? (int) ((long) period * stripe / stripes) : stripe % period;
    }

    /**
     * The weights as whole numbers in the same proportions, each times the least power of ten that makes them
     * all whole and over their greatest common divisor, or null if those add up to more than {@link
     * #MAX_PERIOD}. A weight is taken as written: the shortest decimal that reads back as the same double.
     */
    static long[] wholeWeights(double[] weights) {
        BigDecimal[] decimal = new BigDecimal[weights.length];
        int scale = 0;
        for (int i = 0; i < weights.length; i++) {
            decimal[i] = BigDecimal.valueOf(weights[i]).stripTrailingZeros();
            scale = Math.max(scale, decimal[i].scale());
        }
        BigInteger[] whole = new BigInteger[weights.length];
        BigInteger gcd = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            whole[i] = decimal[i].setScale(scale).unscaledValue();
            gcd = gcd.gcd(whole[i]);
        }
        BigInteger sum = BigInteger.ZERO;
        long[] out = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            whole[i] = whole[i].divide(gcd);
            sum = sum.add(whole[i]);
            if (sum.compareTo(BigInteger.valueOf(MAX_PERIOD)) > 0) {
                return null;
            }
            out[i] = whole[i].longValueExact();
        }
        return out;
    }

    /** A walk through one period of the order, kept as a table: a pick is a look-up. */
    private static final class TableCursor implements MixCursor {
        private final int[] table;
        private int position;

        TableCursor(int[] table, int start) {
            this.table = table;
            this.position = start;
        }

        @Override
        public int next() {
            int request = table[position];
            position = position + 1 == table.length ? 0 : position + 1;
            return request;
        }
    }
}
