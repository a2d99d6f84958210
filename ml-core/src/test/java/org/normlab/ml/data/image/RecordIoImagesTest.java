package org.normlab.ml.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIoImagesTest {

  @TempDir Path root;

  @Test
  void readsEveryRecordByOffsetWithScalarAndVectorLabels() throws Exception {
    List<TestImageSets.Sample> samples = TestImageSets.samples(1, 3, true);
    TestImageSets.pack(root, "train", samples);

    try (RecordIoImages images = RecordIoImages.open(root.resolve("train.rec"), root.resolve("train.idx"), 4)) {
      assertThat(images.size()).isEqualTo(samples.size());
      // Backwards, so each read seeks by offset rather than following the previous one.
      for (int i = samples.size() - 1; i >= 0; i--) {
        EncodedImage read = images.read(i);
        assertThat(read.label()).isEqualTo(samples.get(i).label());
        assertThat(read.bytes()).isEqualTo(samples.get(i).bytes());
      }
    }
  }

  @Test
  void theIndexHoldsKeyTabOffsetLinesAtFourByteAlignedRecordStarts() throws Exception {
    TestImageSets.pack(root, "val", TestImageSets.samples(2, 1, false));

    List<String> lines = Files.readAllLines(root.resolve("val.idx"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("0\t0");
    ByteBuffer rec = ByteBuffer.wrap(Files.readAllBytes(root.resolve("val.rec"))).order(ByteOrder.LITTLE_ENDIAN);
    for (String line : lines) {
      long offset = Long.parseLong(line.split("\t")[1]);
      assertThat(offset % 4).isZero();
      assertThat(rec.getInt((int) offset)).isEqualTo(RecordIo.MAGIC);
    }
  }

  @Test
  void aPayloadHoldingTheMagicWordIsSplitIntoPartsAndReassembled() throws Exception {
    byte[] image = new byte[64];
    Arrays.fill(image, (byte) 7);
    byte[] magic = RecordIo.littleEndian(RecordIo.MAGIC);
    // Payload offset 24 + 8 = 32 and 24 + 36 = 60: aligned, so the writer splits there.
    System.arraycopy(magic, 0, image, 8, 4);
    System.arraycopy(magic, 0, image, 36, 4);
    try (RecordIoWriter writer = new RecordIoWriter(root.resolve("m.rec"), root.resolve("m.idx"))) {
      writer.write(3, image);
      writer.write(1, new byte[] {1, 2, 3});
    }
    ByteBuffer rec = ByteBuffer.wrap(Files.readAllBytes(root.resolve("m.rec"))).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(rec.getInt(4) >>> 29).as("first part's cflag").isEqualTo(1);

    try (RecordIoImages images = RecordIoImages.open(root.resolve("m.rec"), root.resolve("m.idx"), 4)) {
      assertThat(images.read(0).bytes()).isEqualTo(image);
      assertThat(images.read(0).label()).isEqualTo(3);
      assertThat(images.read(1).bytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void malformedRecordsAreCorruptSamplesNotFailures() throws Exception {
    try (RecordIoWriter writer = new RecordIoWriter(root.resolve("b.rec"), root.resolve("b.idx"))) {
      writer.writePayload(new byte[10]); // shorter than an IRHeader
      writer.write(9, new byte[] {1}); // label outside 4 classes
      writer.write(1.5f, new byte[] {1}); // not a class index
      writer.write(2, new byte[] {(byte) 0xff, (byte) 0xd8});
    }
    // An index line pointing into the middle of a record (no magic there).
    Files.writeString(root.resolve("b.idx"), Files.readString(root.resolve("b.idx")) + "4\t4\n");
    try (RecordIoImages images = RecordIoImages.open(root.resolve("b.rec"), root.resolve("b.idx"), 4)) {
      for (int i : new int[] {0, 1, 2, 4}) {
        assertThatThrownBy(() -> images.read(i)).as("record " + i).isInstanceOf(CorruptImageException.class);
      }
      assertThat(images.read(3).label()).isEqualTo(2);
    }
  }

  @Test
  void aRecordCutOffByTheEndOfTheFileIsCorrupt() throws Exception {
    TestImageSets.pack(root, "t", TestImageSets.samples(3, 1, false));
    byte[] rec = Files.readAllBytes(root.resolve("t.rec"));
    Files.write(root.resolve("t.rec"), Arrays.copyOf(rec, rec.length - 100));

    try (RecordIoImages images = RecordIoImages.open(root.resolve("t.rec"), root.resolve("t.idx"), 4)) {
      assertThat(images.read(0).label()).isZero();
      assertThatThrownBy(() -> images.read(3))
          .isInstanceOf(CorruptImageException.class)
          .hasMessageContaining("cut off");
    }
  }

  @Test
  void anIndexLineThatIsNotKeyAndOffsetIsRefusedWhenOpening() throws Exception {
    TestImageSets.pack(root, "v", TestImageSets.samples(3, 1, false));
    Files.writeString(root.resolve("v.idx"), "0\tzero\n");

    assertThatThrownBy(() -> RecordIoImages.open(root.resolve("v.rec"), root.resolve("v.idx"), 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key<TAB>offset");
  }
}
