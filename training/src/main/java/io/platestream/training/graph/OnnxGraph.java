package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model as a graph of differentiable DJL operations, node by node. The float weight tensors
 * (initializers, and the {@code Constant} nodes PaddleOCR's exports keep them in) become named
 * parameters; every node's op and attributes are checked when the model is loaded, so an
 * unsupported one fails here, naming its node, and never in the middle of training.
 */
public final class OnnxGraph implements AutoCloseable {
  private static final Map<String, Op> OPS = new HashMap<>();

  static {
    ElementwiseOps.register(OPS);
    ShapeOps.register(OPS);
    LayerOps.register(OPS);
  }

  private final ModelProto model;
  private final NDManager manager;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, NDArray> constants = new HashMap<>();
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();

  private OnnxGraph(ModelProto model, NDManager manager) {
    this.model = model;
    this.manager = manager;
  }

  /**
   * Reads a model and checks every node.
   *
   * @param manager owns the graph's arrays; closed with the graph
   * @throws UnsupportedOnnxException naming the first node whose op or attribute is not supported
   */
  public static OnnxGraph load(byte[] onnx, NDManager manager) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new UnsupportedOnnxException("not an ONNX model: " + e.getMessage());
    }
    OnnxGraph graph = new OnnxGraph(model, manager);
    graph.build(model.getGraph());
    return graph;
  }

  private void build(GraphProto proto) {
    Set<String> settings = settingInputs(proto);
    for (TensorProto initializer : proto.getInitializerList()) {
      keep(initializer.getName(), initializer, "initializer " + initializer.getName(), settings);
    }
    Set<String> initialized = new HashSet<>(constants.keySet());
    initialized.addAll(parameters.keySet());
    proto.getInputList().stream()
        .map(i -> i.getName())
        .filter(name -> !initialized.contains(name))
        .forEach(inputs::add);
    proto.getOutputList().forEach(o -> outputs.add(o.getName()));
    for (int i = 0; i < proto.getNodeCount(); i++) {
      NodeProto nodeProto = proto.getNode(i);
      Node node = Node.of(nodeProto, i);
      if (node.op().equals("Constant")) {
        if (!node.attributes().containsKey("value") || node.attributes().size() != 1) {
          throw new UnsupportedOnnxException(node + ": only a 'value' tensor is supported");
        }
        keep(
            node.outputs().get(0),
            node.attributes().get("value").getT(),
            node.toString(),
            settings);
        continue;
      }
      Op op = OPS.get(node.op());
      if (op == null) {
        throw new UnsupportedOnnxException(node + ": op " + node.op() + " is not supported");
      }
      for (String attribute : node.attributes().keySet()) {
        if (!op.attributes().contains(attribute)) {
          throw new UnsupportedOnnxException(
              node + ": attribute '" + attribute + "' is not supported");
        }
      }
      op.check(node);
      nodes.add(node);
    }
  }

  /** Float tensors of two or more values are weights, unless an op uses them as settings. */
  private void keep(String name, TensorProto tensor, String where, Set<String> settings) {
    NDArray array = Tensors.toArray(tensor, manager, where);
    if (tensor.getDataType() == Tensors.FLOAT && array.size() > 1 && !settings.contains(name)) {
      parameters.put(name, array);
    } else {
      constants.put(name, array);
    }
  }

  /**
   * Float tensors that are not weights even though they are constant arrays: BatchNormalization's
   * running mean and variance (statistics), Resize's scales and region, Clip's bounds and Pow's
   * exponent (settings of an op, which training must not move).
   */
  private static Set<String> settingInputs(GraphProto proto) {
    Set<String> settings = new HashSet<>();
    for (NodeProto node : proto.getNodeList()) {
      int from =
          switch (node.getOpType()) {
            case "BatchNormalization" -> 3;
            case "Resize", "Clip", "Pow" -> 1;
            default -> Integer.MAX_VALUE;
          };
      for (int i = from; i < node.getInputCount(); i++) {
        settings.add(node.getInput(i));
      }
    }
    return settings;
  }

  /** The graph's input names (those not fed by an initializer). */
  public List<String> inputNames() {
    return List.copyOf(inputs);
  }

  public List<String> outputNames() {
    return List.copyOf(outputs);
  }

  /** The inputs of the node that computes {@code value} (to stop one step before it). */
  public List<String> producerInputs(String value) {
    return producer(value)
        .map(Node::inputs)
        .orElseThrow(() -> new IllegalArgumentException("no node computes '" + value + "'"));
  }

  /** The node whose outputs include {@code value}, if any. */
  private java.util.Optional<Node> producer(String value) {
    return nodes.stream().filter(n -> n.outputs().contains(value)).findFirst();
  }

  /**
   * Adds a copy of the branch that computes {@code to} from {@code from}: the same ops, with fresh
   * copies of its weights (starting equal, trained apart) and its values renamed with {@code
   * prefix}. The copy is a training aid, such as the DB head's threshold branch that the inference
   * export pruned: {@link #export()} writes only the original model's tensors, so the copy never
   * reaches the served file.
   *
   * @return the name of the copy's output
   * @throws IllegalArgumentException when {@code to} does not depend on {@code from} alone (with
   *     weights and constants)
   */
  public String copyBranch(String from, String to, String prefix) {
    List<Node> branch = new ArrayList<>();
    Set<String> inBranch = new HashSet<>();
    collectBranch(from, to, inBranch);
    for (Node node : nodes) {
      if (node.outputs().stream().anyMatch(inBranch::contains)) {
        branch.add(node);
      }
    }
    for (Node node : branch) {
      List<String> inputs = new ArrayList<>();
      for (String input : node.inputs()) {
        if (input.isEmpty() || input.equals(from) || constants.containsKey(input)) {
          inputs.add(input); // the branch's input, or a setting the copy shares
        } else if (parameters.containsKey(input)) {
          parameters.computeIfAbsent(prefix + input, copy -> parameters.get(input).duplicate());
          inputs.add(prefix + input);
        } else {
          inputs.add(prefix + input);
        }
      }
      nodes.add(
          new Node(
              prefix + node.name(),
              node.op(),
              inputs,
              node.outputs().stream().map(o -> prefix + o).toList(),
              node.attributes()));
    }
    return prefix + to;
  }

  private void collectBranch(String from, String value, Set<String> inBranch) {
    if (value.equals(from) || !inBranch.add(value)) {
      return;
    }
    Node producer =
        producer(value)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + value + "' is not computed from '" + from + "' by the graph"));
    for (String input : producer.inputs()) {
      if (!input.isEmpty() && !parameters.containsKey(input) && !constants.containsKey(input)) {
        collectBranch(from, input, inBranch);
      }
    }
  }

  /** The op of the node that computes {@code value}. */
  public String producerOp(String value) {
    return producer(value)
        .map(Node::op)
        .orElseThrow(() -> new IllegalArgumentException("no node computes '" + value + "'"));
  }

  /** Trainable weights by name, in the order the model declares them. */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** The op set the model declares for the default domain. */
  public long opset() {
    return model.getOpsetImportList().stream()
        .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
        .mapToLong(o -> o.getVersion())
        .max()
        .orElse(0);
  }

  /**
   * Runs the graph until every wanted value is computed (any node output, not only the graph's
   * outputs: the recognizer's logits before its softmax, for example).
   *
   * @param feeds one array per graph input
   * @param wanted names of the values to return
   */
  public Map<String, NDArray> forward(Map<String, NDArray> feeds, Collection<String> wanted) {
    for (String input : inputs) {
      if (!feeds.containsKey(input)) {
        throw new IllegalArgumentException("no value for the graph input '" + input + "'");
      }
    }
    // Everything computed belongs to the manager of the first input, which the caller closes.
    NDManager scope = feeds.get(inputs.get(0)).getManager();
    Map<String, NDArray> values = new HashMap<>(constants);
    values.putAll(parameters);
    values.putAll(feeds);
    Set<String> missing = new HashSet<>(wanted);
    missing.removeAll(values.keySet());
    for (Node node : nodes) {
      if (missing.isEmpty()) {
        break;
      }
      NDArray[] in = new NDArray[node.inputs().size()];
      for (int i = 0; i < in.length; i++) {
        String name = node.input(i);
        in[i] = name == null ? null : values.get(name);
        if (name != null && in[i] == null) {
          throw new IllegalStateException(node + ": input '" + name + "' was not computed");
        }
      }
      NDArray[] out;
      try {
        out = OPS.get(node.op()).apply(node, in);
      } catch (UnsupportedOnnxException e) {
        throw new UnsupportedOnnxException(node + ": " + e.getMessage());
      }
      for (int i = 0; i < out.length && i < node.outputs().size(); i++) {
        if (out[i].getManager() != scope && !isAnyOf(out[i], in)) {
          out[i].attach(scope); // a result of a weight or constant: freed with the caller's arrays
        }
        values.put(node.outputs().get(i), out[i]);
        missing.remove(node.outputs().get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the graph has no values named " + missing);
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    wanted.forEach(name -> result.put(name, values.get(name)));
    return result;
  }

  /** Whether an op handed back one of its inputs (Identity): that array is not the op's to move. */
  private static boolean isAnyOf(NDArray array, NDArray[] inputs) {
    for (NDArray input : inputs) {
      if (input == array) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy of the original model with the current weights written into the tensors they came from:
   * the same nodes, names and op set, so ONNX Runtime serves it as it served the original.
   */
  public byte[] export() {
    ModelProto.Builder copy = model.toBuilder();
    GraphProto.Builder graph = copy.getGraphBuilder();
    for (TensorProto.Builder initializer : graph.getInitializerBuilderList()) {
      NDArray weights = parameters.get(initializer.getName());
      if (weights != null) {
        Tensors.writeFloats(initializer, weights);
      }
    }
    for (NodeProto.Builder node : graph.getNodeBuilderList()) {
      if (node.getOpType().equals("Constant")) {
        NDArray weights = parameters.get(node.getOutput(0));
        if (weights != null) {
          Tensors.writeFloats(node.getAttributeBuilder(0).getTBuilder(), weights);
        }
      }
    }
    return copy.build().toByteArray();
  }

  @Override
  public void close() {
    manager.close();
  }
}
