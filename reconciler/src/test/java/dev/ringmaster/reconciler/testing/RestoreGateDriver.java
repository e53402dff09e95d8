package dev.ringmaster.reconciler.testing;

import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.ChangeListener;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.RestoreDriver;
import dev.ringmaster.driver.spi.VolumeResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * A test hook around a real driver for ordering tests: when {@value #VARIABLE} names a directory,
 * every {@code observe()} and the begin and end of every {@code restoreRoot} are appended to {@code
 * <dir>/events} as {@code <nanoTime> <thread> <event>} lines, and {@code restoreRoot} waits (after
 * its begin line) until the test creates {@code <dir>/release}. Passes every call through
 * unchanged. Registered as a {@link HypervisorDriverDecorator} through the test class path.
 */
public final class RestoreGateDriver implements HypervisorDriver {
  public static final String VARIABLE = "RINGMASTER_TEST_RESTORE_GATE";
  private static final Duration MAX_HOLD = Duration.ofMinutes(5);

  private final HypervisorDriver delegate;
  private final Path dir;

  private RestoreGateDriver(HypervisorDriver delegate, Path dir) {
    this.delegate = delegate;
    this.dir = dir;
  }

  /** The {@link java.util.ServiceLoader} entry point: wraps when the variable is set. */
  public static final class Decorator implements HypervisorDriverDecorator {
    @Override
    public HypervisorDriver decorate(HypervisorDriver driver) {
      String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
      return value == null || value.isBlank()
          ? driver
          : new RestoreGateDriver(driver, Path.of(value.trim()));
    }
  }

  private synchronized void event(String what) {
    String line = System.nanoTime() + " " + Thread.currentThread().getName() + " " + what + "\n";
    try {
      Files.writeString(
          dir.resolve("events"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitRelease() {
    long deadline = System.nanoTime() + MAX_HOLD.toNanos();
    while (!Files.exists(dir.resolve("release")) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public HypervisorObservation observe() {
    event("observe");
    return delegate.observe();
  }

  @Override
  public Optional<RestoreDriver> restores() {
    return delegate
        .restores()
        .map(
            r ->
                (pool, vm, takenAt, rootPool, rootVolume) -> {
                  event("restore-begin");
                  awaitRelease();
                  try {
                    r.restoreRoot(pool, vm, takenAt, rootPool, rootVolume);
                  } finally {
                    event("restore-end");
                  }
                });
  }

  @Override
  public Optional<BackupDriver> backups() {
    return delegate.backups();
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public void ensureNetwork(NetworkResource network) {
    delegate.ensureNetwork(network);
  }

  @Override
  public void deleteNetwork(String name) {
    delegate.deleteNetwork(name);
  }

  @Override
  public void ensureVolume(VolumeResource volume) {
    delegate.ensureVolume(volume);
  }

  @Override
  public void writeSeed(String pool, String volume, byte[] image) {
    delegate.writeSeed(pool, volume, image);
  }

  @Override
  public void deleteVolume(String pool, String name) {
    delegate.deleteVolume(pool, name);
  }

  @Override
  public void defineDomain(DomainResource domain) {
    delegate.defineDomain(domain);
  }

  @Override
  public void startDomain(String name) {
    delegate.startDomain(name);
  }

  @Override
  public void shutdownDomain(String name, Duration timeout) {
    delegate.shutdownDomain(name, timeout);
  }

  @Override
  public void deleteDomain(String name, Duration shutdownTimeout) {
    delegate.deleteDomain(name, shutdownTimeout);
  }

  @Override
  public void watch(ChangeListener listener) {
    delegate.watch(listener);
  }

  @Override
  public Optional<String> watchProblem() {
    return delegate.watchProblem();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
