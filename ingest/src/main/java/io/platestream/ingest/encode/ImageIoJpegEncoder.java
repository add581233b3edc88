package io.platestream.ingest.encode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** The JDK's JPEG writer, fed a BGR image that shares the decoded frame's layout. */
public final class ImageIoJpegEncoder implements JpegEncoder {
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();

  @Override
  public byte[] encode(Frame frame, int quality) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(frame.imageWidth * frame.imageHeight / 8);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(converter.getBufferedImage(frame), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    writer.dispose();
    converter.close();
  }
}
