package io.platestream.models.serving;

/**
 * Which inputs a shadow version runs on: a fixed share, picked by a hash of the input's id, so a
 * replayed input (after a restart under exactly-once) is shadowed again exactly when it was before.
 */
public record ShadowShare(double share) {
  public ShadowShare {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("the shadow share must be within 0..1, got " + share);
    }
  }

  public boolean covers(String inputId) {
    if (share >= 1) {
      return true;
    }
    // Ids of consecutive frames differ in their last characters only: mix the bits (the
    // finaliser of MurmurHash3) so that each share of them is spread evenly.
    int h = inputId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return (h & 0x7fffffff) % 10_000 < share * 10_000;
  }
}
