package dev.opad.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; bounded, so a long run cannot grow it without limit. */
final class Latencies {

    private final long[] samples;
    private int size;

    Latencies(int capacity) {
        samples = new long[capacity];
    }

    synchronized void add(long nanos) {
        if (size < samples.length) {
            samples[size++] = nanos;
        }
    }

    synchronized void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    synchronized int count() {
        return size;
    }

    /** The q-quantile (0..1) in milliseconds, nearest rank; NaN without samples. */
    synchronized double quantileMs(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }
}
