/**
 * Model registry and hot swap. Owns model versions on the compacted topic {@code
 * platestream.models}, artifact stores and the session holder shared by detector and recognizer.
 * Must not know about frames, plates or topologies.
 */
package io.platestream.models;
