package dev.ringmaster.model.validate;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Fleet;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a loaded fleet against the platform rules that span fields, documents and files: VM names
 * ({@code <resourceGroup><two digits>}, unique across the fleet), hypervisor references and
 * capacity, sizes (memory at least 512 MiB, nothing zero, root disks never shrink), roles from
 * {@link RoleCatalogue}, human users (POSIX names, not {@code s-}, uids 1000..59999 unique per
 * environment, OpenSSH keys, permissions from {@link PermissionCatalogue}), service users ({@code
 * s-}, the same uid across a resource group), distinct VLANs and addresses inside their network and
 * unique per network, and the platform guide's {@link GuardRails}. Each problem is a diagnostic at
 * the offending value's position. Pure apart from calls to {@code lastApplied}; thread-safe;
 * tolerates fields left null by a load that reported errors.
 */
public final class FleetValidator {
  /** Every diagnostic about {@code fleet}, in rule order; empty when it is valid. */
  public List<Diagnostic> validate(Fleet fleet, AppliedRootDisks lastApplied) {
    List<Diagnostic> out = new ArrayList<>();
    Report report = new Report(out);
    new VmRules(fleet, lastApplied, report).check();
    new UserRules(fleet, report).check();
    new PersonUids(fleet, report).check();
    new NetworkRules(fleet, report).check();
    new GuardRails(fleet, report).check();
    new CapacityRules(fleet, report).check();
    return out;
  }
}
