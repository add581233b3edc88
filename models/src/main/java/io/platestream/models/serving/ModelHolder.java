package io.platestream.models.serving;

import io.platestream.schemas.ModelRef;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The model a stage serves with, replaceable while it serves. A swap is atomic: calls that start
 * after it get the new model; calls already running finish on the old one, which is closed when the
 * last of them releases it.
 *
 * <p>A holder may hold nothing (a {@code null} model and ref): a shadow holder does while no shadow
 * version exists, and its leases then hold {@code null}.
 */
public final class ModelHolder<M> implements ModelSource<M>, AutoCloseable {
  /** Hears how inferences with the held versions went (a follower's breaker). */
  interface Outcomes {
    void succeeded(ModelRef ref);

    void failed(ModelRef ref, RuntimeException cause);
  }

  private final Consumer<M> closer;
  private volatile Slot<M> current;
  private volatile Outcomes outcomes;

  /**
   * @param closer releases a model's resources (its ONNX Runtime session)
   */
  public ModelHolder(M initial, ModelRef ref, Consumer<M> closer) {
    this.closer = closer;
    this.current = new Slot<>(initial, ref);
  }

  @Override
  public ModelLease<M> acquire() {
    while (true) {
      Slot<M> slot = current;
      slot.leases.incrementAndGet();
      if (slot == current || !slot.retired.get()) {
        return new Lease<>(slot, this);
      }
      release(slot); // swapped out between the read and the increment: take the new one
    }
  }

  /** Serves {@code next} from now on; the previous model closes once no call holds it. */
  public void swap(M next, ModelRef ref) {
    Slot<M> old = current;
    current = new Slot<>(next, ref);
    old.retired.set(true);
    if (old.leases.get() == 0) {
      closeOnce(old);
    }
  }

  public ModelRef current() {
    return current.ref;
  }

  void listen(Outcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public void succeeded(ModelRef ref) {
    Outcomes listener = outcomes;
    if (listener != null) {
      listener.succeeded(ref);
    }
  }

  @Override
  public boolean failed(ModelRef ref, RuntimeException cause) {
    Outcomes listener = outcomes;
    if (listener != null) {
      listener.failed(ref, cause);
    }
    ModelRef now = current.ref;
    return now != null && ref != null && now.getVersion() != ref.getVersion();
  }

  private void release(Slot<M> slot) {
    if (slot.leases.decrementAndGet() == 0 && slot.retired.get()) {
      closeOnce(slot);
    }
  }

  private void closeOnce(Slot<M> slot) {
    if (slot.closed.compareAndSet(false, true) && slot.model != null) {
      closer.accept(slot.model);
    }
  }

  @Override
  public void close() {
    Slot<M> slot = current;
    slot.retired.set(true);
    if (slot.leases.get() == 0) {
      closeOnce(slot);
    }
  }

  private static final class Slot<M> {
    final M model;
    final ModelRef ref;
    final AtomicInteger leases = new AtomicInteger();
    final AtomicBoolean retired = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    Slot(M model, ModelRef ref) {
      this.model = model;
      this.ref = ref;
    }
  }

  private static final class Lease<M> implements ModelLease<M> {
    private final Slot<M> slot;
    private final ModelHolder<M> holder;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(Slot<M> slot, ModelHolder<M> holder) {
      this.slot = slot;
      this.holder = holder;
    }

    @Override
    public M model() {
      return slot.model;
    }

    @Override
    public ModelRef ref() {
      return slot.ref;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        holder.release(slot);
      }
    }
  }
}
