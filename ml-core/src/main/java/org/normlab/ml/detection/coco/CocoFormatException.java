package org.normlab.ml.detection.coco;

/** A COCO JSON file that does not follow the format; the message names the file and the field. */
public class CocoFormatException extends IllegalArgumentException {

  public CocoFormatException(String message) {
    super(message);
  }

  public CocoFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
