package org.normlab.ml.data.image;

/** An image's encoded bytes (JPEG or PNG) and its class label. */
public record EncodedImage(byte[] bytes, int label) {}
