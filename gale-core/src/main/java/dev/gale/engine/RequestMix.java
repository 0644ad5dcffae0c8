package dev.gale.engine;

/**
 * Turns request weights into a fixed table of request indices, so that an event loop's {@code i}-th request
 * is {@code table[i % table.length]}: exact proportions over each table length, evenly interleaved (smooth
 * weighted round-robin), on every loop alike.
 */
final class RequestMix {
    /** Table length for mixes of more than one request: proportions exact to 1/1000. */
    static final int RESOLUTION = 1000;

    private RequestMix() {}

    /**
     * Each request's share of the arrivals under {@code table} (of {@code requests} requests): its entries over
     * the table's length, what a loop sends of each over any whole table. The shares add up to 1.
     */
    static double[] shares(int[] table, int requests) {
        long[] entries = new long[requests];
        for (int request : table) {
            entries[request]++;
        }
        double[] shares = new double[requests];
        for (int i = 0; i < requests; i++) {
            shares[i] = (double) entries[i] / table.length;
        }
        return shares;
    }

    static int[] table(double[] weights) {
        if (weights.length == 1) {
            return new int[] {0};
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        // Largest-remainder apportionment of RESOLUTION slots, at least one slot per request.
        int[] slots = new int[weights.length];
        double[] remainder = new double[weights.length];
        int used = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = weights[i] / sum * RESOLUTION;
            slots[i] = Math.max(1, (int) Math.floor(exact));
            remainder[i] = exact - Math.floor(exact);
            used += slots[i];
        }
        while (used < RESOLUTION) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            slots[best]++;
            remainder[best] = -1;
            used++;
        }
        int total = used;
        int[] table = new int[total];
        int[] current = new int[weights.length];
        for (int k = 0; k < total; k++) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                current[i] += slots[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            table[k] = best;
        }
        return table;
    }
}
