package dev.ringmaster.model.load;

import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.ResourceGroup;
import dev.ringmaster.model.validate.Names;
import dev.ringmaster.model.validate.Nearest;
import java.util.List;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Checks a document's {@code apiVersion} and {@code kind} and hands it to the right reader. */
final class DocumentReader {
  static final String API_VERSION = "ringmaster/v1";
  private static final List<String> KINDS =
      List.of("Hypervisor", "Environment", "ResourceGroup", "DnsZone");

  private final Consumer<Hypervisor> hypervisors;
  private final Consumer<Environment> environments;
  private final Consumer<ResourceGroup> resourceGroups;
  private final Consumer<DnsZone> dnsZones;

  DocumentReader(Consumer<Hypervisor> hypervisors, Consumer<Environment> environments) {
    this(hypervisors, environments, g -> {}, z -> {});
  }

  DocumentReader(
      Consumer<Hypervisor> hypervisors,
      Consumer<Environment> environments,
      Consumer<ResourceGroup> resourceGroups,
      Consumer<DnsZone> dnsZones) {
    this.hypervisors = hypervisors;
    this.environments = environments;
    this.resourceGroups = resourceGroups;
    this.dnsZones = dnsZones;
  }

  void read(Doc doc, Node root) {
    if (!(root instanceof MappingNode mapping)) {
      doc.error(
          root,
          "",
          "a document must be a mapping, found a " + Fields.kindOf(root),
          "start it with apiVersion: " + API_VERSION + " and kind: Hypervisor or Environment");
      return;
    }
    boolean versionOk = apiVersion(doc, mapping);
    String kind = kind(doc, mapping);
    if (!versionOk || kind == null) {
      return;
    }
    if (kind.equals("DnsZone")) {
      dnsZones.accept(DnsZoneReader.read(Fields.of(doc, root, "", DnsZoneReader.KEYS)));
    } else if (kind.equals("Hypervisor")) {
      Fields f = Fields.of(doc, root, "", HypervisorReader.KEYS);
      hypervisors.accept(HypervisorReader.read(f));
    } else if (kind.equals("ResourceGroup")) {
      Fields f = Fields.of(doc, root, "", ResourceGroupReader.KEYS);
      resourceGroups.accept(ResourceGroupReader.read(f));
    } else {
      Fields f = Fields.of(doc, root, "", EnvironmentReader.KEYS);
      environments.accept(EnvironmentReader.read(f));
    }
  }

  private static boolean apiVersion(Doc doc, MappingNode root) {
    Node value = top(root, "apiVersion");
    if (value == null) {
      doc.error(root, "", "missing apiVersion", "add apiVersion: " + API_VERSION);
      return false;
    }
    String text = value instanceof ScalarNode s ? s.getValue() : Fields.kindOf(value);
    if (!API_VERSION.equals(text)) {
      doc.error(
          value,
          "apiVersion",
          Names.quote(text) + " is not a supported apiVersion",
          "write apiVersion: " + API_VERSION);
      return false;
    }
    return true;
  }

  private static String kind(Doc doc, MappingNode root) {
    Node value = top(root, "kind");
    if (value == null) {
      doc.error(root, "", "missing kind", "add kind: Hypervisor or kind: Environment");
      return null;
    }
    String text = value instanceof ScalarNode s ? s.getValue() : Fields.kindOf(value);
    if (!KINDS.contains(text)) {
      doc.error(
          value,
          "kind",
          Names.quote(text) + " is not a known kind",
          "write kind: " + Nearest.of(text, KINDS).orElse("Environment"));
      return null;
    }
    return text;
  }

  private static Node top(MappingNode root, String key) {
    for (NodeTuple t : root.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }
}
