package dev.ringmaster.reconciler.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Progress lines on standard error ({@value #PREFIX}...) for a long benchmark step: one when it
 * starts, then one every period until closed. The benchmark's parent process forwards these lines
 * from its measuring children. Thread-safe.
 */
final class Progress implements AutoCloseable {
  static final String PREFIX = "progress: ";

  private final Thread thread;

  private Progress(Thread thread) {
    this.thread = thread;
  }

  /** Prints one line now. */
  static void say(String message) {
    System.err.println(PREFIX + message);
    System.err.flush();
  }

  /** Prints {@code message} every {@code period} (first after one period) until closed. */
  static Progress every(Duration period, Supplier<String> message) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(period.toMillis());
                  say(message.get());
                }
              } catch (InterruptedException e) {
                // closed
              }
            },
            "benchmark-progress");
    t.setDaemon(true);
    t.start();
    return new Progress(t);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
