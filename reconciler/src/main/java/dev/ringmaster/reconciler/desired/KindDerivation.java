package dev.ringmaster.reconciler.desired;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import java.util.List;

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
   * always derives equal resources. The default derives none: the four built-in kinds come from one
   * VM spec together and are derived by {@link DesiredDerivation}.
   */
  default List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return List.of();
  }
}
