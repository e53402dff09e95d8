package dev.ringmaster.reconciler.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lenient index of a fleet repository: which environments and hypervisors each file declares and
 * which hypervisors each environment's VMs run on. Used only to decide which environments a commit
 * touches; validation is the loader's job. A file that cannot be read is reported as {@link
 * #unreadable()}. Immutable once built. Building re-reads only files whose path or blob id is new
 * since the last index built (files without a blob id are always read).
 */
public final class FleetIndex {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, Set<String>> environmentsByFile = new TreeMap<>();
  private final Map<String, Set<String>> hypervisorsByFile = new TreeMap<>();
  private final Map<String, Set<String>> hostsByEnvironment = new TreeMap<>();
  private final Set<String> unreadable = new TreeSet<>();
  private final Map<String, Set<String>> groupsByFile = new TreeMap<>();
  private final Map<String, Set<String>> environmentsByGroup = new TreeMap<>();

  /**
   * What one file declares: environment names with the hosts of their VMs, hypervisor names, and
   * whether it could be read.
   */
  private record FileFacts(
      Map<String, Set<String>> environments,
      Set<String> hypervisors,
      Map<String, String> groupOfEnvironment,
      Set<String> groups,
      boolean unreadable) {}

  private record Key(String path, String blobId) {}

  /** The facts of the files of the last index built, by path and blob: reused when unchanged. */
  private static final AtomicReference<Map<Key, FileFacts>> LAST = new AtomicReference<>(Map.of());

  /**
   * The index of these files; files outside hosts/, environments/ and resource-groups/ are ignored.
   */
  public static FleetIndex of(List<TreeFile> files) {
    FleetIndex index = new FleetIndex();
    Map<Key, FileFacts> previous = LAST.get();
    Map<Key, FileFacts> current = new HashMap<>();
    for (TreeFile f : files) {
      if (!isFleetFile(f.path())) {
        continue;
      }
      Key key = f.blobId() == null ? null : new Key(f.path(), f.blobId());
      FileFacts facts = key == null ? null : previous.get(key);
      if (facts == null) {
        facts = read(f);
      }
      if (key != null) {
        current.put(key, facts);
      }
      index.add(f.path(), facts);
    }
    LAST.set(current);
    return index;
  }

  /**
   * True for the YAML files under {@code hosts/}, {@code environments/}, {@code resource-groups/}
   * and {@code dns/}.
   */
  public static boolean isFleetFile(String path) {
    boolean yaml = path.endsWith(".yaml") || path.endsWith(".yml");
    return yaml
        && (path.startsWith("hosts/")
            || path.startsWith("environments/")
            || path.startsWith("resource-groups/")
            || isDnsFile(path));
  }

  /** True for the files of {@code dns/}: a zone there may hold the names of any environment. */
  public static boolean isDnsFile(String path) {
    return path.startsWith("dns/");
  }

  private static FileFacts read(TreeFile file) {
    Map<String, Set<String>> environments = new TreeMap<>();
    Set<String> hypervisors = new TreeSet<>();
    Map<String, String> groupOf = new TreeMap<>();
    Set<String> groups = new TreeSet<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.bytes())) {
      while (docs.hasNext()) {
        readDocument(docs.next(), environments, hypervisors, groupOf, groups);
      }
    } catch (IOException | RuntimeException e) {
      return new FileFacts(environments, hypervisors, groupOf, groups, true);
    }
    return new FileFacts(environments, hypervisors, groupOf, groups, false);
  }

  private static void readDocument(
      JsonNode doc,
      Map<String, Set<String>> environments,
      Set<String> hypervisors,
      Map<String, String> groupOf,
      Set<String> groups) {
    if (doc == null || !doc.isObject()) {
      return;
    }
    String kind = doc.path("kind").asText("");
    String name = doc.path("name").asText("");
    if (name.isEmpty()) {
      return;
    }
    if (kind.equals("Environment")) {
      Set<String> hosts = environments.computeIfAbsent(name, n -> new TreeSet<>());
      doc.path("vms").forEach(vm -> hosts.add(vm.path("host").asText("")));
      hosts.remove("");
      String group = doc.path("resourceGroup").asText("");
      if (!group.isEmpty()) {
        groupOf.put(name, group);
      }
    } else if (kind.equals("Hypervisor")) {
      hypervisors.add(name);
    } else if (kind.equals("ResourceGroup")) {
      groups.add(name);
    }
  }

  private void add(String path, FileFacts facts) {
    facts
        .environments()
        .forEach(
            (name, hosts) -> {
              environmentsByFile.computeIfAbsent(path, p -> new TreeSet<>()).add(name);
              hostsByEnvironment.computeIfAbsent(name, n -> new TreeSet<>()).addAll(hosts);
            });
    if (!facts.hypervisors().isEmpty()) {
      hypervisorsByFile.computeIfAbsent(path, p -> new TreeSet<>()).addAll(facts.hypervisors());
    }
    facts
        .groupOfEnvironment()
        .forEach(
            (env, group) ->
                environmentsByGroup.computeIfAbsent(group, g -> new TreeSet<>()).add(env));
    if (!facts.groups().isEmpty()) {
      groupsByFile.computeIfAbsent(path, p -> new TreeSet<>()).addAll(facts.groups());
    }
    if (facts.unreadable()) {
      unreadable.add(path);
    }
  }

  public Set<String> environments() {
    return Set.copyOf(hostsByEnvironment.keySet());
  }

  /** Whether the commit declares {@code environment}: a lookup, not a copy of every name. */
  public boolean declares(String environment) {
    return hostsByEnvironment.containsKey(environment);
  }

  /**
   * The environments {@code path} declares, and for a resource group file every environment of the
   * groups it declares.
   */
  public Set<String> environmentsIn(String path) {
    Set<String> result = new TreeSet<>(environmentsByFile.getOrDefault(path, Set.of()));
    for (String group : groupsByFile.getOrDefault(path, Set.of())) {
      result.addAll(environmentsByGroup.getOrDefault(group, Set.of()));
    }
    return Set.copyOf(result);
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
