package io.platestream.ingest.worker;

/**
 * What an operator sees of one camera.
 *
 * @param reason why the camera is not connected, or the last error it recovered from; empty if none
 * @param fpsIn decoded frames per second over the last seconds
 * @param fpsOut published frames per second over the last seconds
 * @param lastFrameTimeMs capture time of the last published frame (epoch ms), 0 before the first
 * @param lagMs how far decoding is behind the stream: now minus the capture time of the latest
 *     decoded frame (a few frame intervals when keeping up; growing when falling behind)
 * @param droppedFrames frames dropped because Kafka could not take them in time
 * @param workerStartedMs when this camera's worker was (re)started by a configuration change
 */
public record CameraStatus(
    String cameraId,
    String source,
    CameraState state,
    String reason,
    double fpsIn,
    double fpsOut,
    long lastFrameTimeMs,
    long lagMs,
    long reconnects,
    long droppedFrames,
    long publishedFrames,
    long lastSeq,
    long workerStartedMs) {}
