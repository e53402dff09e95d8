package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.dns.DnsActions;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * DNS names ({@code dns/<zone>/<name>}): carried out with the {@link DnsDriver} found with {@link
 * java.util.ServiceLoader}. The driver is not a hypervisor's, so calls do not take a hypervisor's
 * lock; each name is its own chain.
 */
public final class DnsHandler implements ResourceKindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.DNS;
  }

  @Override
  public String driverName() {
    return "dns";
  }

  @Override
  public Optional<String> unreachable(ResourceId id, Observation observed) {
    return Optional.empty();
  }

  @Override
  public boolean hypervisorBound() {
    return false;
  }

  @Override
  public String chain(ResourceId id) {
    return id.host() + "/" + id.name();
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    DnsActions.perform(drivers.driver(DnsDriver.class).orElse(null), change);
  }
}
