package io.platestream.datasets.metrics;

/** Levenshtein distance over Unicode code points (a Chinese character counts as one). */
public final class EditDistance {

  public static int between(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int[] previous = new int[y.length + 1];
    int[] current = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) previous[j] = j;
    for (int i = 1; i <= x.length; i++) {
      current[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length];
  }

  /**
   * Distance divided by the longer length (0 for two empty strings), as PaddleOCR normalises it.
   */
  public static double normalized(String a, String b) {
    int longer = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
    return longer == 0 ? 0 : (double) between(a, b) / longer;
  }

  private EditDistance() {}
}
