/**
 * Sink. Owns the dashboard, the query API, hotlist alerts and the PostgreSQL writer. Knows plate
 * events only, never models or frames.
 */
package io.platestream.sink;
