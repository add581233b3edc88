-- One row per vehicle pass (platestream.events), keyed by the event's deterministic id, so a
-- replayed record overwrites its own row instead of adding one.
CREATE TABLE plate_events (
  event_id            text PRIMARY KEY,
  camera_id           text        NOT NULL,
  -- The plate in clear, or NULL when the deployment stores plates hashed (plate_hmac).
  plate               text,
  plate_hmac          text,
  valid               boolean     NOT NULL,
  confidence          real        NOT NULL,
  first_seen          timestamptz NOT NULL,
  last_seen           timestamptz NOT NULL,
  read_count          integer     NOT NULL,
  -- [{"text": ..., "confidence": ..., "valid": ...}], texts hashed like the plate.
  candidates          jsonb       NOT NULL,
  best_crop           bytea,
  detector_name       text        NOT NULL,
  detector_version    integer     NOT NULL,
  recognizer_name     text        NOT NULL,
  recognizer_version  integer     NOT NULL,
  emit_time           timestamptz NOT NULL,
  stored_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (plate IS NOT NULL OR plate_hmac IS NOT NULL)
);

-- Exact and prefix search (text_pattern_ops serves LIKE 'ABC%' whatever the collation).
CREATE INDEX plate_events_plate ON plate_events (plate text_pattern_ops);
CREATE INDEX plate_events_plate_hmac ON plate_events (plate_hmac);
CREATE INDEX plate_events_camera_time ON plate_events (camera_id, first_seen DESC);
CREATE INDEX plate_events_time ON plate_events (first_seen DESC);
-- Retention deletes by age.
CREATE INDEX plate_events_last_seen ON plate_events (last_seen);
