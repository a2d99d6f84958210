package org.normlab.ml.data.image;

/**
 * A batch decoded on the host: {@code count} samples of {@code sampleSize} floats each, packed in
 * {@code pixels}, their labels, and how many corrupt images were skipped while making it.
 */
public record DecodedBatch(float[] pixels, long[] labels, int count, int sampleSize, int skipped) {}
