package org.normlab.ml.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header {@code {"name":
 * {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}, then the
 * tensors' little-endian bytes. Read strictly, as the reference implementation does: the offsets
 * must tile the data section exactly, with no gaps, overlaps or trailing bytes.
 *
 * <p>Written by hand rather than with DJL's {@code NDList} codec so that unsupported dtypes are
 * rejected before any native array exists (DJL aborts the JVM on bf16), and so that int64 scalars
 * keep their empty shape.
 */
final class SafetensorsFile {

  static final String METADATA = "__metadata__";

  /** The reference implementation refuses larger headers. */
  private static final long MAX_HEADER = 100L << 20;

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private SafetensorsFile() {}

  private record Entry(String key, ElementType type, long[] shape, long begin, long end) {}

  /** Every tensor by key, in header order; {@code __metadata__} is skipped. */
  static Map<String, HostTensor> read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < Long.BYTES) {
        throw new IllegalArgumentException(path + " is too short to be a safetensors file");
      }
      long headerLength = read(channel, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER || Long.BYTES + headerLength > size) {
        throw new IllegalArgumentException(
            path
                + " is not a safetensors file (header length "
                + headerLength
                + " for a file of "
                + size
                + " bytes)");
      }
      ByteBuffer headerBytes = read(channel, Long.BYTES, (int) headerLength);
      JsonNode header;
      try {
        header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            path + ": safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (header == null || !header.isObject()) {
        throw new IllegalArgumentException(path + ": safetensors header is not a JSON object");
      }
      long dataStart = Long.BYTES + headerLength;
      List<Entry> entries = entries(header, path);
      checkTiling(entries, size - dataStart, path);
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (Entry entry : entries) {
        byte[] data =
            read(channel, dataStart + entry.begin(), (int) (entry.end() - entry.begin())).array();
        tensors.put(entry.key(), new HostTensor(entry.type(), entry.shape(), data));
      }
      return tensors;
    }
  }

  /** Writes the tensors in map order, with string {@code metadata} (may be empty). */
  static void write(Map<String, HostTensor> tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> tensor : tensors.entrySet()) {
      if (tensor.getKey().equals(METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
      }
      HostTensor value = tensor.getValue();
      ObjectNode node = header.putObject(tensor.getKey());
      node.put("dtype", value.type().safetensorsName());
      ArrayNode shape = node.putArray("shape");
      for (long dim : value.shape()) {
        shape.add(dim);
      }
      node.putArray("data_offsets").add(offset).add(offset + value.data().length);
      offset += value.data().length;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    out.write(prefix.array());
    for (HostTensor tensor : tensors.values()) {
      out.write(tensor.data());
    }
  }

  private static List<Entry> entries(JsonNode header, Path path) {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : header.properties()) {
      String key = property.getKey();
      if (key.equals(METADATA)) {
        continue;
      }
      JsonNode node = property.getValue();
      JsonNode dtype = node.get("dtype");
      JsonNode shape = node.get("shape");
      JsonNode offsets = node.get("data_offsets");
      if (dtype == null
          || !dtype.isString()
          || shape == null
          || !shape.isArray()
          || offsets == null
          || !offsets.isArray()
          || offsets.size() != 2) {
        throw new IllegalArgumentException(
            path + ": tensor '" + key + "' needs dtype, shape and two data_offsets, got " + node);
      }
      ElementType type = ElementType.fromSafetensorsName(dtype.asString(), key);
      long[] dims = new long[shape.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = integer(shape.get(i), key, path);
      }
      long begin = integer(offsets.get(0), key, path);
      long end = integer(offsets.get(1), key, path);
      long expected = Math.multiplyExact(HostTensor.elementCount(dims), type.bytes());
      if (end < begin || end - begin != expected) {
        throw new IllegalArgumentException(
            path
                + ": tensor '"
                + key
                + "' of "
                + type
                + java.util.Arrays.toString(dims)
                + " needs "
                + expected
                + " bytes but its offsets ["
                + begin
                + ", "
                + end
                + "] span "
                + (end - begin));
      }
      if (expected > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(path + ": tensor '" + key + "' is too large");
      }
      entries.add(new Entry(key, type, dims, begin, end));
    }
    return entries;
  }

  private static void checkTiling(List<Entry> entries, long dataSize, Path path) {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin));
    long next = 0;
    for (Entry entry : byOffset) {
      if (entry.begin() != next) {
        throw new IllegalArgumentException(
            path
                + ": tensor '"
                + entry.key()
                + "' starts at byte "
                + entry.begin()
                + " of the data section, expected "
                + next
                + " (gap or overlap)");
      }
      next = entry.end();
    }
    if (next != dataSize) {
      throw new IllegalArgumentException(
          path
              + ": the tensors cover "
              + next
              + " bytes but the data section has "
              + dataSize
              + (next > dataSize ? " (truncated file)" : " (trailing bytes)"));
    }
  }

  private static long integer(JsonNode node, String key, Path path) {
    if (node == null || !node.isIntegralNumber() || node.asLong() < 0) {
      throw new IllegalArgumentException(
          path + ": tensor '" + key + "' has a bad shape or offset value " + node);
    }
    return node.asLong();
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IllegalArgumentException(
            "unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    buffer.flip();
    return buffer;
  }
}
