package org.normlab.ml.checkpoint;

/** Validation of store-relative URIs, shared by store implementations. */
final class StoreUris {

  private StoreUris() {}

  /**
   * Returns {@code uri} if it is a relative path of plain segments: no leading slash, no empty,
   * {@code .} or {@code ..} segments, no backslashes or control characters.
   *
   * @throws IllegalArgumentException naming the URI and the rule it breaks
   */
  static String check(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException("Checkpoint URI must not be empty");
    }
    if (uri.startsWith("/") || uri.indexOf('\\') >= 0 || uri.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "Checkpoint URI '" + uri + "' must be a relative path with '/' separators");
    }
    for (String segment : uri.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "Checkpoint URI '" + uri + "' has an empty, '.' or '..' segment");
      }
      for (char c : segment.toCharArray()) {
        if (Character.isISOControl(c)) {
          throw new IllegalArgumentException(
              "Checkpoint URI '" + uri + "' has a control character");
        }
      }
    }
    return uri;
  }
}
