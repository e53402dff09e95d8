package dev.ringmaster.reconciler.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A lenient index of a fleet repository: which environments and hypervisors each file declares and
 * which hypervisors each environment's VMs run on. Used only to decide which environments a commit
 * touches; validation is the loader's job. A file that cannot be read is reported as {@link
 * #unreadable()}. Immutable once built; not thread-safe while building.
 */
public final class FleetIndex {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, Set<String>> environmentsByFile = new TreeMap<>();
  private final Map<String, Set<String>> hypervisorsByFile = new TreeMap<>();
  private final Map<String, Set<String>> hostsByEnvironment = new TreeMap<>();
  private final Set<String> unreadable = new TreeSet<>();

  /** The index of these files; files outside hosts/ and environments/ are ignored. */
  public static FleetIndex of(List<TreeFile> files) {
    FleetIndex index = new FleetIndex();
    files.stream().filter(f -> isFleetFile(f.path())).forEach(index::add);
    return index;
  }

  /** True for the YAML files under {@code hosts/} and {@code environments/}. */
  public static boolean isFleetFile(String path) {
    boolean yaml = path.endsWith(".yaml") || path.endsWith(".yml");
    return yaml && (path.startsWith("hosts/") || path.startsWith("environments/"));
  }

  private void add(TreeFile file) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.bytes())) {
      while (docs.hasNext()) {
        addDocument(file.path(), docs.next());
      }
    } catch (IOException | RuntimeException e) {
      unreadable.add(file.path());
    }
  }

  private void addDocument(String path, JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      return;
    }
    String kind = doc.path("kind").asText("");
    String name = doc.path("name").asText("");
    if (name.isEmpty()) {
      return;
    }
    if (kind.equals("Environment")) {
      environmentsByFile.computeIfAbsent(path, p -> new TreeSet<>()).add(name);
      Set<String> hosts = hostsByEnvironment.computeIfAbsent(name, n -> new TreeSet<>());
      doc.path("vms").forEach(vm -> hosts.add(vm.path("host").asText("")));
      hosts.remove("");
    } else if (kind.equals("Hypervisor")) {
      hypervisorsByFile.computeIfAbsent(path, p -> new TreeSet<>()).add(name);
    }
  }

  public Set<String> environments() {
    return Set.copyOf(hostsByEnvironment.keySet());
  }

  public Set<String> environmentsIn(String path) {
    return Set.copyOf(environmentsByFile.getOrDefault(path, Set.of()));
  }

  public Set<String> hypervisorsIn(String path) {
    return Set.copyOf(hypervisorsByFile.getOrDefault(path, Set.of()));
  }

  /** The hypervisors the VMs of {@code environment} run on (empty when unknown). */
  public Set<String> hostsOf(String environment) {
    return Set.copyOf(hostsByEnvironment.getOrDefault(environment, Set.of()));
  }

  /** The environments with at least one VM on one of {@code hypervisors}. */
  public Set<String> environmentsOn(Set<String> hypervisors) {
    Set<String> result = new LinkedHashSet<>();
    hostsByEnvironment.forEach(
        (env, hosts) -> {
          if (hosts.stream().anyMatch(hypervisors::contains)) {
            result.add(env);
          }
        });
    return result;
  }

  public Set<String> unreadable() {
    return Set.copyOf(unreadable);
  }

  List<String> describe() {
    return new ArrayList<>(environmentsByFile.keySet());
  }
}
