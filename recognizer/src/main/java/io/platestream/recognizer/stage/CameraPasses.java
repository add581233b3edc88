package io.platestream.recognizer.stage;

import java.util.ArrayList;
import java.util.List;

/** The open passes of one camera: the value of the tracking store, keyed by camera id. */
public record CameraPasses(List<VehiclePass> open) {
  public CameraPasses {
    open = new ArrayList<>(open); // changed in place by the tracker
  }

  public static CameraPasses empty() {
    return new CameraPasses(new ArrayList<>());
  }
}
