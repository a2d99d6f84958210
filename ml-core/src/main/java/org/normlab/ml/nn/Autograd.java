package org.normlab.ml.nn;

/**
 * Records ops for backward on the calling thread while open, then restores the previous grad mode.
 *
 * <p>Used instead of DJL's {@code GradientCollector}, whose PyTorch implementation allows one open
 * collector per JVM (a static flag), which would serialize concurrent training jobs in one worker.
 * libtorch's grad mode itself is thread-local, so this is safe across threads.
 */
public final class Autograd implements AutoCloseable {

  private final boolean previous;

  private Autograd() {
    previous = Torch.isGradMode();
    Torch.setGradMode(true);
  }

  public static Autograd record() {
    return new Autograd();
  }

  @Override
  public void close() {
    Torch.setGradMode(previous);
  }

  /** Runs {@code body} with grad mode off on this thread (inference, optimizer updates). */
  public static void withoutGrad(Runnable body) {
    boolean before = Torch.isGradMode();
    Torch.setGradMode(false);
    try {
      body.run();
    } finally {
      Torch.setGradMode(before);
    }
  }
}
