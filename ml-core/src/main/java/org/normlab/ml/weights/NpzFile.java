package org.normlab.ml.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz}: a zip of {@code <key>.npy} entries ({@code np.savez}, stored, or {@code
 * np.savez_compressed}, deflated; both read). Keys keep their dots and slashes.
 */
final class NpzFile {

  private static final String SUFFIX = ".npy";
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private NpzFile() {}

  /** Every array by key, in the order of the zip's central directory (numpy's write order). */
  static Map<String, HostTensor> read(Path path) throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (!name.endsWith(SUFFIX)) {
          throw new IllegalArgumentException(
              path + ": entry '" + name + "' is not a .npy array; not an .npz of weights");
        }
        String key = name.substring(0, name.length() - SUFFIX.length());
        try (InputStream in = zip.getInputStream(entry)) {
          HostTensor tensor = Npy.read(in, path.getFileName() + ":" + name);
          if (in.read() != -1) {
            throw new IllegalArgumentException(
                path.getFileName() + ":" + name + ": bytes after the array's data");
          }
          tensors.put(key, tensor);
        }
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException(
          path + " is not a valid .npz (zip) file: " + e.getMessage(), e);
    }
    return tensors;
  }

  /** Writes an uncompressed {@code .npz}, as {@code np.savez} does. */
  static void write(Map<String, HostTensor> tensors, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, HostTensor> tensor : tensors.entrySet()) {
      ByteArrayOutputStream npy = new ByteArrayOutputStream();
      Npy.write(tensor.getValue(), npy);
      byte[] bytes = npy.toByteArray();
      // Stored entries need their size and CRC up front.
      ZipEntry entry = new ZipEntry(tensor.getKey() + SUFFIX);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(bytes.length);
      entry.setCompressedSize(bytes.length);
      CRC32 crc = new CRC32();
      crc.update(bytes);
      entry.setCrc(crc.getValue());
      // A fixed (DOS-representable, zone-free) time keeps exports byte-for-byte reproducible.
      entry.setTimeLocal(FIXED_TIME);
      zip.putNextEntry(entry);
      zip.write(bytes);
      zip.closeEntry();
    }
    zip.finish();
  }
}
