package io.platestream.datasets;

/** A label (CCPD file name or PaddleOCR label line) that does not follow its format. */
public class LabelFormatException extends RuntimeException {
  private final String source;
  private final int line;

  /**
   * @param source the file (or file name) the label came from
   * @param line 1-based line number, or 0 when the label is a file name rather than a line
   */
  public LabelFormatException(String source, int line, String problem) {
    super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
    this.source = source;
    this.line = line;
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }
}
