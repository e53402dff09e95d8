package dev.ringmaster.driver.spi;

/**
 * Told by a watching {@link HypervisorDriver} that an object it owns changed on the hypervisor
 * without the driver doing it (a hand-made change, a crash). Called on the driver's event thread:
 * an implementation must return quickly and must not call back into the driver.
 */
@FunctionalInterface
public interface ChangeListener {
  /**
   * @param host the hypervisor the change happened on
   * @param environment the environment named by the changed object's ownership mark
   * @param object what changed, for logs (e.g. {@code domain web-1})
   */
  void changed(String host, String environment, String object);
}
