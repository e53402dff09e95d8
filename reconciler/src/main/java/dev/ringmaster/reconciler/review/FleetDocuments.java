package dev.ringmaster.reconciler.review;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads just enough of fleet YAML to know what a file declares: each document's kind, name and, for
 * environments, the hypervisors its VMs run on and its resource group. Deliberately lenient (no
 * validation): it must name the environments of files that the full loader would reject.
 * Thread-safe.
 */
final class FleetDocuments {
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());

  private FleetDocuments() {}

  /**
   * What one YAML document declares; {@code vmHosts} is empty and {@code resourceGroup} blank for
   * anything but environments.
   */
  record Declared(String kind, String name, Set<String> vmHosts, String resourceGroup) {
    Declared {
      vmHosts = Set.copyOf(vmHosts);
    }

    boolean isResourceGroup() {
      return "ResourceGroup".equals(kind);
    }

    boolean isEnvironment() {
      return "Environment".equals(kind);
    }

    boolean isHypervisor() {
      return "Hypervisor".equals(kind);
    }
  }

  /** Every named document in a file; fails with {@link IOException} when it is not YAML. */
  static List<Declared> read(byte[] content) throws IOException {
    List<Declared> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(content)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && doc.path("name").isTextual()) {
          out.add(
              new Declared(
                  doc.path("kind").asText(""),
                  doc.path("name").asText(),
                  vmHosts(doc),
                  doc.path("resourceGroup").asText("")));
        }
      }
    } catch (JacksonException | RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    return out;
  }

  private static Set<String> vmHosts(JsonNode doc) {
    Set<String> hosts = new TreeSet<>();
    for (JsonNode vm : doc.path("vms")) {
      if (vm.path("host").isTextual()) {
        hosts.add(vm.path("host").asText());
      }
    }
    return hosts;
  }

  static boolean isFleetFile(String path) {
    return (path.startsWith("hosts/")
            || path.startsWith("environments/")
            || path.startsWith("resource-groups/"))
        && (path.endsWith(".yaml") || path.endsWith(".yml"));
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(MAX_FILE_BYTES);
    options.setAllowDuplicateKeys(true);
    return YAMLFactory.builder().loaderOptions(options).build();
  }
}
