package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.ResourceGroup;
import java.util.List;

/**
 * What reading one file of a fleet repository gave, before the rules that span files: its
 * hypervisors, environments and resource groups in document order, and the diagnostics about that
 * file alone (syntax, types, unknown keys, limits). It depends only on the file's path and bytes,
 * so it may be reused for a later commit in which the file is unchanged. Immutable; never null
 * components.
 */
public record ParsedFile(
    String path,
    List<Hypervisor> hypervisors,
    List<Environment> environments,
    List<ResourceGroup> resourceGroups,
    List<DnsZone> dnsZones,
    List<Diagnostic> diagnostics) {
  public ParsedFile(
      String path,
      List<Hypervisor> hypervisors,
      List<Environment> environments,
      List<Diagnostic> diagnostics) {
    this(path, hypervisors, environments, List.of(), List.of(), diagnostics);
  }

  /** A file without DNS zones. */
  public ParsedFile(
      String path,
      List<Hypervisor> hypervisors,
      List<Environment> environments,
      List<ResourceGroup> resourceGroups,
      List<Diagnostic> diagnostics) {
    this(path, hypervisors, environments, resourceGroups, List.of(), diagnostics);
  }

  public ParsedFile {
    if (path == null) {
      throw new IllegalArgumentException("path is required");
    }
    hypervisors = List.copyOf(hypervisors == null ? List.of() : hypervisors);
    environments = List.copyOf(environments == null ? List.of() : environments);
    resourceGroups = List.copyOf(resourceGroups == null ? List.of() : resourceGroups);
    dnsZones = List.copyOf(dnsZones == null ? List.of() : dnsZones);
    diagnostics = List.copyOf(diagnostics == null ? List.of() : diagnostics);
  }
}
