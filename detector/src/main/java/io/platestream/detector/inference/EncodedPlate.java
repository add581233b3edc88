package io.platestream.detector.inference;

/**
 * A plate found in a frame with its rectified crop already JPEG-encoded, as a detection record
 * carries it: no Java image of the crop is made on the way.
 */
public record EncodedPlate(TextBox box, byte[] cropJpeg, int cropWidth, int cropHeight) {}
