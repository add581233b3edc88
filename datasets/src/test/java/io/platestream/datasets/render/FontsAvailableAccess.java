package io.platestream.datasets.render;

/** Lets tests outside this package use {@link FontsAvailable}. */
public final class FontsAvailableAccess {
  public static void require() {
    FontsAvailable.require();
  }

  private FontsAvailableAccess() {}
}
