/**
 * Camera ingest. Owns camera connections, sampling and the frames producer. Must not know about
 * detection or recognition.
 */
package io.platestream.ingest;
