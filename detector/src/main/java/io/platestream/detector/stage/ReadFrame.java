package io.platestream.detector.stage;

import io.platestream.schemas.Frame;

/**
 * A frame read from its record; {@code storeKey} is where it waits in the batch store, -1 when it
 * does not.
 */
record ReadFrame(long storeKey, PendingFrame pending, Frame value) {}
