package org.normlab.ml.detection.coco;

import java.util.List;

/**
 * An instance mask as COCO files store it: polygons, or an RLE (uncompressed {@code counts} list or
 * compressed string).
 */
public sealed interface Segmentation permits Segmentation.Polygons, Segmentation.RleMask {

  /** The mask on an image of the given size, as pycocotools' annToRLE. */
  Rle toRle(int imageHeight, int imageWidth);

  /** One or more polygons {@code [x0,y0,x1,y1,...]} whose union is the mask. */
  record Polygons(List<double[]> polygons) implements Segmentation {
    public Polygons {
      polygons = List.copyOf(polygons);
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      return Rle.fromPolygons(polygons, imageHeight, imageWidth);
    }
  }

  /**
   * A run-length mask; {@code compressed} tells how it is written to JSON. Its own size is used, as
   * pycocotools does.
   */
  record RleMask(Rle rle, boolean compressed) implements Segmentation {
    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      return rle;
    }
  }
}
