package io.platestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void framesWithMagicByteAndBigEndianId() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8});

    assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
    WireFormat.Framed back = WireFormat.unframe("t", framed);
    assertThat(back.schemaId()).isEqualTo(0x01020304);
    byte[] body = new byte[back.body().remaining()];
    back.body().get(body);
    assertThat(body).containsExactly(9, 8);
  }

  @Test
  void rejectsWrongMagicByteNamingTopicAndByte() {
    byte[] json = "{\"plate\":1}".getBytes();

    assertThatThrownBy(() -> WireFormat.unframe("platestream.frames", json))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("platestream.frames")
        .hasMessageContaining("0x7b")
        .hasMessageContaining("magic byte");
  }

  @Test
  void rejectsRecordShorterThanHeader() {
    assertThatThrownBy(() -> WireFormat.unframe("t", new byte[] {0, 0, 1}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("3 bytes")
        .hasMessageContaining("5-byte");
  }

  @Test
  void bodyIsAViewNotACopyOfTheHeader() {
    ByteBuffer body = WireFormat.unframe("t", WireFormat.frame(7, new byte[] {1, 2, 3})).body();
    assertThat(body.remaining()).isEqualTo(3);
    assertThat(body.get(0)).isEqualTo((byte) 1);
  }
}
