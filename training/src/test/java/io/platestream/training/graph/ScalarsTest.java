package io.platestream.training.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A constant operand must outlive the backward pass. Between forward and backward this test frees
 * what can be freed and hands the memory out again filled with NaN, as a busy training process
 * would: DJL's {@code x.mul(0.2f)} then yields a garbage gradient, {@link Scalars} the right one.
 */
class ScalarsTest {

  @Test
  void aConstantFactorStillHoldsWhenTheGradientIsComputed() throws Exception {
    float[] gradient = gradientAfterMemoryChurn((x, v) -> Scalars.times(x, v));

    assertThat(gradient).containsExactly(0.2f, 0.2f, 0.2f);
    assertThat(gradientAfterMemoryChurn((x, v) -> Scalars.dividedBy(x, 1 / v)))
        .containsExactly(0.2f, 0.2f, 0.2f);
  }

  @Test
  void djlsOwnScalarProductLosesItsFactorBeforeTheBackwardPass() throws Exception {
    // The reason Scalars exists; if a DJL release fixes this, the test says so.
    float[] gradient = gradientAfterMemoryChurn((x, v) -> x.mul(v));

    System.out.println("DJL x.mul(0.2f): gradient " + java.util.Arrays.toString(gradient));
    assertThat(gradient).isNotEqualTo(new float[] {0.2f, 0.2f, 0.2f});
  }

  private static float[] gradientAfterMemoryChurn(BiFunction<NDArray, Float, NDArray> times)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1, 2, 3});
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = times.apply(x, 0.2f);
        List<ByteBuffer> reused = churn();
        collector.backward(y.sum());
        assertThat(reused).isNotEmpty();
      }
      return x.getGradient().toFloatArray();
    }
  }

  /** Collects freed direct buffers, then allocates small ones again, every byte 0xFF (NaN). */
  private static List<ByteBuffer> churn() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    List<ByteBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4);
      b.putInt(0, -1);
      buffers.add(b);
    }
    return buffers;
  }
}
