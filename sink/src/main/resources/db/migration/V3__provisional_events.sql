-- A pass's early event (sent while the car is still in view) is stored as provisional until the
-- pass's final event, with the same event_id, replaces it.
ALTER TABLE plate_events ADD COLUMN provisional boolean NOT NULL DEFAULT false;
