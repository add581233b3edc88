package io.platestream.datasets.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platestream.datasets.geometry.Point2;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes a traffic clip as H.264 in MP4 (FFmpeg's openh264 encoder: the LGPL build has no x264)
 * with its ground truth beside it: {@code <name>.frames.jsonl}, one line per frame with the visible
 * plates and their outlines, and {@code <name>.passes.json}, one entry per vehicle pass.
 */
public final class TrafficClipWriter {
  static {
    // The encoder's notes (openh264's profile and rate-control warnings, the container dump) say
    // nothing a user of the clip needs; failures still surface as exceptions.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final TrafficClipRenderer renderer;
  private final ObjectMapper json = new ObjectMapper();

  public TrafficClipWriter(TrafficClipRenderer renderer) {
    this.renderer = renderer;
  }

  public void write(TrafficClip clip, Path mp4) throws IOException {
    Path dir = mp4.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String stem = mp4.getFileName().toString().replaceFirst("\\.mp4$", "");
    try (FFmpegFrameRecorder recorder =
            new FFmpegFrameRecorder(mp4.toFile(), clip.width(), clip.height(), 0);
        Java2DFrameConverter converter = new Java2DFrameConverter();
        BufferedWriter frames =
            Files.newBufferedWriter(dir.resolve(stem + ".frames.jsonl"), StandardCharsets.UTF_8)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(clip.fps());
      recorder.setGopSize(clip.fps());
      recorder.setVideoBitrate(clip.width() * clip.height() * 4);
      recorder.start();
      for (int i = 0; i < clip.frameCount(); i++) {
        recorder.record(converter.convert(renderer.frame(clip, i)));
        frames.write(frameLine(clip, i) + "\n");
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot encode " + mp4 + " as H.264: " + e.getMessage(), e);
    }
    Files.writeString(dir.resolve(stem + ".passes.json"), passes(clip), StandardCharsets.UTF_8);
  }

  private String frameLine(TrafficClip clip, int frame) {
    ObjectNode line = json.createObjectNode().put("frame", frame).put("timeMs", clip.timeMs(frame));
    ArrayNode plates = line.putArray("plates");
    for (TrafficClip.FramePlate plate : renderer.groundTruth(clip, frame)) {
      ObjectNode p = plates.addObject().put("passId", plate.passId()).put("plate", plate.plate());
      ArrayNode points = p.putArray("points");
      for (Point2 c : plate.corners()) points.addArray().add(c.x()).add(c.y());
    }
    return line.toString();
  }

  private String passes(TrafficClip clip) {
    ObjectNode root =
        json.createObjectNode()
            .put("seed", clip.seed())
            .put("fps", clip.fps())
            .put("frames", clip.frameCount());
    root.put("width", clip.width()).put("height", clip.height());
    ArrayNode passes = root.putArray("passes");
    for (TrafficClip.Pass pass : clip.passes()) {
      passes
          .addObject()
          .put("id", pass.id())
          .put("plate", pass.plate())
          .put("type", pass.type().name())
          .put("firstFrame", pass.firstFrame())
          .put("lastFrame", pass.lastFrame())
          .put("firstTimeMs", clip.timeMs(pass.firstFrame()))
          .put("lastTimeMs", clip.timeMs(pass.lastFrame()));
    }
    return root.toPrettyString();
  }
}
