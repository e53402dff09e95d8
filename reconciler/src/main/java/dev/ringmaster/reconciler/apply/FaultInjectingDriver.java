package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.VolumeResource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault hook for crash tests: wraps a real driver and halts the JVM (exit status 137, no shutdown
 * hooks, as a kill would) right after the N-th mutating call counted across all wrapped drivers of
 * the process. Enabled by the system property or environment variable {@value #VARIABLE}.
 */
public final class FaultInjectingDriver implements HypervisorDriver {
  public static final String VARIABLE = "RINGMASTER_FAULT_HALT_AFTER";
  private static final AtomicInteger MUTATIONS = new AtomicInteger();

  private final HypervisorDriver delegate;
  private final int haltAfter;

  public FaultInjectingDriver(HypervisorDriver delegate, int haltAfter) {
    this.delegate = delegate;
    this.haltAfter = haltAfter;
  }

  /** The configured N, when the hook is enabled. */
  public static Optional<Integer> configured() {
    String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(value.trim()));
  }

  /** {@code driver} wrapped when the hook is enabled, else {@code driver} itself. */
  public static HypervisorDriver wrapIfConfigured(HypervisorDriver driver) {
    return configured()
        .<HypervisorDriver>map(n -> new FaultInjectingDriver(driver, n))
        .orElse(driver);
  }

  private void mutated() {
    if (MUTATIONS.incrementAndGet() == haltAfter) {
      System.err.println("ringmaster: fault hook: halting after mutating call " + haltAfter);
      System.err.flush();
      Runtime.getRuntime().halt(137);
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
