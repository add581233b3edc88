package io.platestream.datasets.render;

/**
 * The degradations applied to a scene, so evaluations can be broken down by condition.
 *
 * @param motionBlurPx length of the horizontal motion blur, 0 for none
 * @param defocusRadiusPx radius of the defocus blur, 0 for none
 */
public record SceneConditions(
    boolean night, int motionBlurPx, int defocusRadiusPx, double noiseSigma, int jpegQuality) {

  public boolean motionBlur() {
    return motionBlurPx > 0;
  }

  public boolean defocus() {
    return defocusRadiusPx > 0;
  }
}
