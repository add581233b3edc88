/**
 * Fine-tuning engine. Owns the ONNX-graph interpreter on DJL, losses, optimisers and export. No
 * stage module depends on it.
 */
package io.platestream.training;
