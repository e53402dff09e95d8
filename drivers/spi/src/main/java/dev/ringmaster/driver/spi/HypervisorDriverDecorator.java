package dev.ringmaster.driver.spi;

/**
 * Wraps every {@link HypervisorDriver} the engine opens, found with {@link java.util.ServiceLoader}
 * in the order the class path lists them. The production build registers none; tests register
 * decorators that count, delay or fail calls of a real driver (fault injection). An implementation
 * returns {@code driver} itself when it has nothing to add, must be thread-safe and must pass every
 * call through to {@code driver} with the same arguments.
 */
public interface HypervisorDriverDecorator {
  /** {@code driver}, wrapped or as it is. Called once per opened driver. */
  HypervisorDriver decorate(HypervisorDriver driver);
}
