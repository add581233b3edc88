package io.platestream.datasets.render;

import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateType;
import java.util.List;

/** The plan and ground truth of a synthetic traffic clip: which vehicle passes when. */
public record TrafficClip(
    long seed, int width, int height, int fps, int frameCount, List<Pass> passes) {
  public TrafficClip {
    passes = List.copyOf(passes);
  }

  /** One vehicle driving towards the camera, visible from its first to its last frame. */
  public record Pass(
      int id,
      String plate,
      PlateType type,
      int firstFrame,
      int lastFrame,
      double laneX,
      double yawDeg,
      double pitchDeg) {
    public boolean visibleIn(int frame) {
      return frame >= firstFrame && frame <= lastFrame;
    }

    /** Progress through the pass in [0, 1]. */
    double progress(int frame) {
      return lastFrame == firstFrame ? 1 : (double) (frame - firstFrame) / (lastFrame - firstFrame);
    }
  }

  /** A plate visible in one frame, with its outline (top-left first, clockwise). */
  public record FramePlate(int passId, String plate, List<Point2> corners) {
    public FramePlate {
      corners = List.copyOf(corners);
    }
  }

  /** Presentation time of a frame in milliseconds from the start of the clip. */
  public long timeMs(int frame) {
    return Math.round(frame * 1000.0 / fps);
  }
}
