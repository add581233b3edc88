package io.platestream.models.artifact;

import java.io.IOException;
import java.io.InputStream;

/** Artifacts bundled on the class path (the pretrained models), read by resource path. */
public final class ClasspathArtifacts {
  private ClasspathArtifacts() {}

  public static byte[] read(String resource) {
    try (InputStream in = ClasspathArtifacts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ArtifactException("no artifact on the classpath at " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ArtifactException("cannot read classpath artifact " + resource + ": " + e, e);
    }
  }
}
