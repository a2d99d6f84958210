package org.normlab.ml.detection.coco;

/** An entry of a COCO file's {@code categories}. */
public record CocoCategory(long id, String name, String supercategory) {}
