package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/** One ONNX operator as differentiable DJL operations. */
interface Op {
  /** The attributes it understands; any other one on a node fails the model at load time. */
  Set<String> attributes();

  /** Further load-time checks of a node (attribute values it cannot honour). */
  default void check(Node node) {}

  /**
   * @param inputs the node's inputs in order, null where an optional one is absent
   * @return the node's outputs in order
   */
  NDArray[] apply(Node node, NDArray[] inputs);

  static Op of(Set<String> attributes, Body body) {
    return new Op() {
      @Override
      public Set<String> attributes() {
        return attributes;
      }

      @Override
      public NDArray[] apply(Node node, NDArray[] inputs) {
        return new NDArray[] {body.apply(node, inputs)};
      }
    };
  }

  /** The body of a one-output op. */
  @FunctionalInterface
  interface Body {
    NDArray apply(Node node, NDArray[] inputs);
  }
}
