package dev.ringmaster.reconciler.daemon.loop;

import java.time.Duration;

/** Polls a condition until it holds, with a generous deadline (loaded 2-core machines). */
public final class Eventually {
  private Eventually() {}

  public static void until(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }
}
