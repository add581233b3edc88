/**
 * Recognizer stage. Owns CTC decoding, plate grammars, the plates-to-reads topology and
 * vehicle-pass tracking. Inference code ({@code inference}) never knows about Kafka.
 */
package io.platestream.recognizer;
