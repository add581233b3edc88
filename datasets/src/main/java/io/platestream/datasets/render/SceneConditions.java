package io.platestream.datasets.render;

/** The degradations applied to a scene, so evaluations can be broken down by condition. */
public record SceneConditions(
    boolean night, boolean motionBlur, boolean defocus, double noiseSigma, int jpegQuality) {}
