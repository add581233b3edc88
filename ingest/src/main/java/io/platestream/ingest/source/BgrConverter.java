package io.platestream.ingest.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.Frame;

/**
 * Converts a decoded picture (in the decoder's own format, YUV 4:2:0 for H.264) to BGR24. The
 * source leaves pictures unconverted so that only the frames the sampler keeps pay for this: at 5
 * of 25 fps that is four conversions saved out of five.
 */
final class BgrConverter implements AutoCloseable {
  private SwsContext context;
  private Frame bgr;

  /** The picture as BGR24; the returned frame is reused by the next call. */
  Frame convert(AVFrame picture, long timestampMicros) {
    int width = picture.width();
    int height = picture.height();
    if (bgr == null || bgr.imageWidth != width || bgr.imageHeight != height) {
      bgr = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }
    context =
        sws_getCachedContext(
            context,
            width,
            height,
            picture.format(),
            width,
            height,
            AV_PIX_FMT_BGR24,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException(
          "FFmpeg cannot convert pixel format " + picture.format() + " to BGR24");
    }
    // sws_scale reads four plane pointers and strides whatever the format: pass all four.
    try (BytePointer target = new BytePointer((ByteBuffer) bgr.image[0]);
        PointerPointer<BytePointer> planes = new PointerPointer<>(target, null, null, null);
        IntPointer strides = new IntPointer(bgr.imageStride, 0, 0, 0)) {
      sws_scale(context, picture.data(), picture.linesize(), 0, height, planes, strides);
    }
    bgr.timestamp = timestampMicros;
    return bgr;
  }

  @Override
  public void close() {
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
  }
}
