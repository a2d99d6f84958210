package org.normlab.ml.detection.coco;

/** An entry of a COCO file's {@code images}: the file (relative to the image folder) and its size. */
public record CocoImage(long id, String fileName, int width, int height) {}
