package io.platestream.models.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A content-addressed directory: an artifact lives at {@code <root>/<sha[0..2]>/<sha>.onnx}, so
 * storing it twice is harmless and a location names exactly one content. Fetches also accept {@code
 * classpath:} locations, where the bundled pretrained models live. Every fetch verifies the
 * SHA-256.
 */
public final class DirectoryArtifactStore implements ArtifactStore {
  private final Path root;

  public DirectoryArtifactStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  @Override
  public String put(byte[] artifact) {
    String sha = Sha256.hex(artifact);
    Path file = root.resolve(sha.substring(0, 2)).resolve(sha + ".onnx");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(sha + ".partial");
        Files.write(partial, artifact);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new ArtifactException("cannot store artifact " + sha + " under " + root + ": " + e, e);
    }
    return "file:" + file;
  }

  @Override
  public byte[] fetch(String location, String sha256) {
    return ArtifactStore.verified(location, read(location), sha256);
  }

  @Override
  public boolean reads(String location) {
    return location.startsWith("file:") || location.startsWith("classpath:");
  }

  private static byte[] read(String location) {
    try {
      if (location.startsWith("file:")) {
        return Files.readAllBytes(Path.of(location.substring("file:".length())));
      }
      if (location.startsWith("classpath:")) {
        return ClasspathArtifacts.read(location.substring("classpath:".length()));
      }
    } catch (IOException e) {
      throw new ArtifactException("cannot read artifact " + location + ": " + e, e);
    }
    throw new ArtifactException(
        "unsupported artifact location " + location + " (file: and classpath: are)");
  }
}
