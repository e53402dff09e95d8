package dev.ringmaster.model.validate;

import dev.ringmaster.model.Size;
import java.util.Optional;

/**
 * What validation needs to know about the last applied state: the root disk size a VM was last
 * given. The reconciler implements it from its state store. Implementations must be thread-safe and
 * may block briefly (a local store read); they must not reach a hypervisor.
 */
@FunctionalInterface
public interface AppliedRootDisks {
  /** Nothing was ever applied. */
  AppliedRootDisks NONE = vmName -> Optional.empty();

  /** The root disk size last applied to {@code vmName}; empty when it was never applied. */
  Optional<Size> rootDisk(String vmName);
}
