package dev.ringmaster.reconciler.testing;

import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.ChangeListener;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.VolumeResource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real driver and records how many passes are inside an observation and how many inside a
 * write at the same time (the largest numbers seen). Each observation and each write is stretched
 * by a delay outside the real driver, so passes that may overlap do. Test code; thread-safe.
 */
public final class ConcurrencyRecordingDriver implements HypervisorDriver {
  private final HypervisorDriver delegate;
  private final Duration observeDelay;
  private final Duration writeDelay;
  private final AtomicInteger observing = new AtomicInteger();
  private final AtomicInteger writing = new AtomicInteger();
  private final AtomicInteger maxObserving = new AtomicInteger();
  private final AtomicInteger maxWriting = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();

  public ConcurrencyRecordingDriver(
      HypervisorDriver delegate, Duration observeDelay, Duration writeDelay) {
    this.delegate = delegate;
    this.observeDelay = observeDelay;
    this.writeDelay = writeDelay;
  }

  /** Wraps every driver it is given and remembers the last wrapper (one hypervisor in a test). */
  public static final class Decorator implements HypervisorDriverDecorator {
    private final Duration observeDelay;
    private final Duration writeDelay;
    private volatile ConcurrencyRecordingDriver last;

    public Decorator(Duration observeDelay, Duration writeDelay) {
      this.observeDelay = observeDelay;
      this.writeDelay = writeDelay;
    }

    @Override
    public HypervisorDriver decorate(HypervisorDriver driver) {
      ConcurrencyRecordingDriver d =
          new ConcurrencyRecordingDriver(driver, observeDelay, writeDelay);
      last = d;
      return d;
    }

    public ConcurrencyRecordingDriver driver() {
      return last;
    }
  }

  /** The most passes seen inside {@link #observe()} at once. */
  public int maxObserving() {
    return maxObserving.get();
  }

  /** The most writes seen in flight at once. */
  public int maxWriting() {
    return maxWriting.get();
  }

  /** Writes made through this wrapper. */
  public int writes() {
    return writes.get();
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public HypervisorObservation observe() {
    maxObserving.accumulateAndGet(observing.incrementAndGet(), Math::max);
    try {
      HypervisorObservation o = delegate.observe();
      pause(observeDelay);
      return o;
    } finally {
      observing.decrementAndGet();
    }
  }

  private void write(Runnable call) {
    writes.incrementAndGet();
    maxWriting.accumulateAndGet(writing.incrementAndGet(), Math::max);
    try {
      pause(writeDelay);
      call.run();
    } finally {
      writing.decrementAndGet();
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void ensureNetwork(NetworkResource network) {
    write(() -> delegate.ensureNetwork(network));
  }

  @Override
  public void deleteNetwork(String name) {
    write(() -> delegate.deleteNetwork(name));
  }

  @Override
  public void ensureVolume(VolumeResource volume) {
    write(() -> delegate.ensureVolume(volume));
  }

  @Override
  public void writeSeed(String pool, String volume, byte[] image) {
    write(() -> delegate.writeSeed(pool, volume, image));
  }

  @Override
  public void deleteVolume(String pool, String name) {
    write(() -> delegate.deleteVolume(pool, name));
  }

  @Override
  public void defineDomain(DomainResource domain) {
    write(() -> delegate.defineDomain(domain));
  }

  @Override
  public void startDomain(String name) {
    write(() -> delegate.startDomain(name));
  }

  @Override
  public void shutdownDomain(String name, Duration timeout) {
    write(() -> delegate.shutdownDomain(name, timeout));
  }

  @Override
  public void deleteDomain(String name, Duration shutdownTimeout) {
    write(() -> delegate.deleteDomain(name, shutdownTimeout));
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
  public Optional<BackupDriver> backups() {
    return delegate.backups();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
