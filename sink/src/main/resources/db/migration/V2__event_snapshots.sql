-- The frame of each event's best read, scaled down with its plate outlined (JPEG), stored and
-- retained like best_crop: only where crops are stored, and deleted with the row.
ALTER TABLE plate_events ADD COLUMN best_snapshot bytea;
