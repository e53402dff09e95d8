package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import java.util.List;
import java.util.Set;

/**
 * The registration point of a resource kind, found with {@link java.util.ServiceLoader} under this
 * interface's name ({@code META-INF/services/dev.ringmaster.reconciler.desired.KindDerivation}).
 * Implementations are full {@code plan.ResourceKindHandler}s; this package only asks them for their
 * desired resources. Pure and thread-safe.
 */
public interface KindDerivation {
  /** The kind this handler manages; one handler per kind. */
  ResourceKind kind();

  /**
   * The desired resources of this kind for one environment of a valid fleet. Pure: the same fleet
   * always derives equal resources. The default derives none (guests come from the configured
   * {@link GuestResourceSource}).
   */
  default List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return List.of();
  }

  /**
   * The ids of this kind's objects that the whole fleet needs, whatever environments a pass plans
   * (a hypervisor's networks while any VM is placed on it): an owned object in this set is never
   * deleted as a leftover. Pure. Default none.
   */
  default Set<ResourceId> shared(Fleet fleet) {
    return Set.of();
  }
}
