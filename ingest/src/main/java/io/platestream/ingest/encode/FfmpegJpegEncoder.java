package io.platestream.ingest.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.platestream.ingest.source.FfmpegErrors;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.Frame;

/**
 * FFmpeg's MJPEG encoder on the decoded frame: BGR24 is converted to full-range YUV 4:2:0 and
 * encoded natively, with no Java image in between. The codec context is kept while the frame size
 * and quality stay the same.
 */
public final class FfmpegJpegEncoder implements JpegEncoder {
  private AVCodecContext context;
  private AVFrame yuv;
  private SwsContext converter;
  private final AVPacket packet = av_packet_alloc();
  private int width = -1;
  private int height = -1;
  private int quality = -1;
  private long pts;

  @Override
  public byte[] encode(Frame frame, int quality) {
    prepare(frame.imageWidth, frame.imageHeight, quality);
    ByteBuffer bgr = (ByteBuffer) frame.image[0];
    // sws_scale reads four plane pointers and strides whatever the format: pass all four.
    try (BytePointer source = new BytePointer(bgr);
        PointerPointer<BytePointer> sourcePlanes = new PointerPointer<>(source, null, null, null);
        IntPointer sourceStrides = new IntPointer(frame.imageStride, 0, 0, 0)) {
      sws_scale(converter, sourcePlanes, sourceStrides, 0, height, yuv.data(), yuv.linesize());
    }
    yuv.pts(pts++);
    yuv.quality(context.global_quality());
    check(avcodec_send_frame(context, yuv), "send a frame to the JPEG encoder");
    check(avcodec_receive_packet(context, packet), "receive a JPEG from the encoder");
    try {
      byte[] jpeg = new byte[packet.size()];
      packet.data().get(jpeg);
      return jpeg;
    } finally {
      av_packet_unref(packet);
    }
  }

  /**
   * FFmpeg's JPEG quality is a quantiser scale (1 best, 31 worst) applied to the standard tables,
   * while the 1..100 scale of libjpeg and ImageIO scales those tables by {@code 200 - 2q} percent
   * above 50 and {@code 5000 / q} below. Matching the table scale gives files of about the same
   * size and look at the same nominal quality (checked against ImageIO in JpegEncoderTest).
   */
  static int quantiser(int quality) {
    int q = Math.max(1, Math.min(100, quality));
    double tableScalePercent = q < 50 ? 5000.0 / q : 200.0 - 2 * q;
    return (int) Math.max(1, Math.min(31, Math.round(tableScalePercent / 10.0)));
  }

  private void prepare(int width, int height, int quality) {
    if (width == this.width && height == this.height && quality == this.quality) {
      return;
    }
    release();
    AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (codec == null) {
      throw new IllegalStateException("this FFmpeg build has no MJPEG encoder");
    }
    context = avcodec_alloc_context3(codec);
    context.width(width);
    context.height(height);
    context.pix_fmt(AV_PIX_FMT_YUVJ420P);
    context.time_base(av_make_q(1, 25));
    context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
    context.qmin(1); // the default floor of 2 would cap the quality at about 90
    context.global_quality(quantiser(quality) * FF_QP2LAMBDA);
    check(avcodec_open2(context, codec, (AVDictionary) null), "open FFmpeg's MJPEG encoder");
    yuv = av_frame_alloc();
    yuv.format(AV_PIX_FMT_YUVJ420P);
    yuv.width(width);
    yuv.height(height);
    check(av_frame_get_buffer(yuv, 0), "allocate a YUV frame");
    converter =
        sws_getContext(
            width,
            height,
            AV_PIX_FMT_BGR24,
            width,
            height,
            AV_PIX_FMT_YUVJ420P,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (converter == null) {
      throw new IllegalStateException("FFmpeg cannot convert BGR24 to YUVJ420P");
    }
    this.width = width;
    this.height = height;
    this.quality = quality;
  }

  private static void check(int code, String what) {
    if (code < 0) {
      throw new IllegalStateException(
          "cannot " + what + ": " + FfmpegErrors.describe(code) + " (" + code + ")");
    }
  }

  private void release() {
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
    if (yuv != null) {
      av_frame_free(yuv);
      yuv = null;
    }
    if (converter != null) {
      sws_freeContext(converter);
      converter = null;
    }
    width = height = quality = -1;
  }

  @Override
  public void close() {
    release();
    av_packet_free(packet);
  }
}
