package dev.ringmaster.reconciler.testing;

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
 * A fault hook for crash tests: wraps a real driver and, right after the N-th mutating call counted
 * across all wrapped drivers of the process, either halts the JVM (exit status 137, no shutdown
 * hooks, as a kill would; {@value #VARIABLE}) or blocks that call's thread for good after printing
 * {@value #PAUSED_MARKER} N to stderr, so a test can send a real SIGKILL at a known point ({@value
 * #PAUSE_VARIABLE}). Enabled by the system property or environment variable of that name. Test code
 * only: registered as a {@link HypervisorDriverDecorator} (see {@link Decorator}) through the test
 * class path, so a child JVM started on that class path picks it up.
 */
public final class FaultInjectingDriver implements HypervisorDriver {
  public static final String VARIABLE = "RINGMASTER_FAULT_HALT_AFTER";
  public static final String PAUSE_VARIABLE = "RINGMASTER_FAULT_PAUSE_AFTER";
  public static final String PAUSED_MARKER = "ringmaster: fault hook: paused after mutating call";
  private static final AtomicInteger MUTATIONS = new AtomicInteger();

  private final HypervisorDriver delegate;
  private final int haltAfter;
  private final boolean pause;

  public FaultInjectingDriver(HypervisorDriver delegate, int haltAfter) {
    this(delegate, haltAfter, false);
  }

  /** With {@code pause}, blocks after the N-th call instead of halting. */
  public FaultInjectingDriver(HypervisorDriver delegate, int after, boolean pause) {
    this.delegate = delegate;
    this.haltAfter = after;
    this.pause = pause;
  }

  /** The configured N of the halting hook, when it is enabled. */
  public static Optional<Integer> configured() {
    return setting(VARIABLE);
  }

  private static Optional<Integer> setting(String name) {
    String value = System.getProperty(name, System.getenv(name));
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(value.trim()));
  }

  /** {@code driver} wrapped when a hook is enabled, else {@code driver} itself. */
  public static HypervisorDriver wrapIfConfigured(HypervisorDriver driver) {
    Optional<Integer> paused = setting(PAUSE_VARIABLE);
    if (paused.isPresent()) {
      return new FaultInjectingDriver(driver, paused.get(), true);
    }
    return configured()
        .<HypervisorDriver>map(n -> new FaultInjectingDriver(driver, n))
        .orElse(driver);
  }

  /** The {@link java.util.ServiceLoader} entry point: wraps when a hook is enabled. */
  public static final class Decorator implements HypervisorDriverDecorator {
    @Override
    public HypervisorDriver decorate(HypervisorDriver driver) {
      return wrapIfConfigured(driver);
    }
  }

  private void mutated() {
    if (MUTATIONS.incrementAndGet() != haltAfter) {
      return;
    }
    if (pause) {
      System.err.println(PAUSED_MARKER + " " + haltAfter);
      System.err.flush();
      blockForGood();
    }
    System.err.println("ringmaster: fault hook: halting after mutating call " + haltAfter);
    System.err.flush();
    Runtime.getRuntime().halt(137);
  }

  private static void blockForGood() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Runtime.getRuntime().halt(137);
      }
    }
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public HypervisorObservation observe() {
    return delegate.observe();
  }

  @Override
  public void ensureNetwork(NetworkResource network) {
    delegate.ensureNetwork(network);
    mutated();
  }

  @Override
  public void deleteNetwork(String name) {
    delegate.deleteNetwork(name);
    mutated();
  }

  @Override
  public void ensureVolume(VolumeResource volume) {
    delegate.ensureVolume(volume);
    mutated();
  }

  @Override
  public void deleteVolume(String pool, String name) {
    delegate.deleteVolume(pool, name);
    mutated();
  }

  @Override
  public void defineDomain(DomainResource domain) {
    delegate.defineDomain(domain);
    mutated();
  }

  @Override
  public void startDomain(String name) {
    delegate.startDomain(name);
    mutated();
  }

  @Override
  public void shutdownDomain(String name, Duration timeout) {
    delegate.shutdownDomain(name, timeout);
    mutated();
  }

  @Override
  public void deleteDomain(String name, Duration shutdownTimeout) {
    delegate.deleteDomain(name, shutdownTimeout);
    mutated();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
