package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.HypervisorDriver;
import java.util.Optional;
import java.util.function.Function;

/** {@link DriverAccess} over lookup functions. Thread-safe as far as the functions are. */
public record FunctionDriverAccess(
    Function<String, HypervisorDriver> hypervisors,
    GuestDriver guestDriver,
    Function<Class<?>, Optional<?>> others)
    implements DriverAccess {

  @Override
  public HypervisorDriver hypervisor(String host) {
    return hypervisors.apply(host);
  }

  @Override
  public Optional<GuestDriver> guests() {
    return Optional.ofNullable(guestDriver);
  }

  @Override
  public <T> Optional<T> driver(Class<T> type) {
    return others.apply(type).filter(type::isInstance).map(type::cast);
  }
}
