package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.ResourceGroup;
import dev.ringmaster.model.SourceMap;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the YAML files of a fleet repository into a {@link Fleet}: every {@code *.yaml} and {@code
 * *.yml} under {@code hosts/}, {@code environments/} and {@code resource-groups/}, in path order,
 * each holding one or more documents of {@code kind: Hypervisor} or {@code kind: Environment}.
 * Reports syntax, types, unknown and duplicate keys, names and hostile input (oversized files,
 * alias bombs, deep nesting, symbolic links) as diagnostics and never throws for bad input.
 * Platform rules that span fields or files are {@link
 * dev.ringmaster.model.validate.FleetValidator}'s job. Stateless and thread-safe; blocks while it
 * reads files.
 */
public final class FleetLoader {
  /** Files larger than this (1 MiB) are refused before their bytes are read. */
  public static final long MAX_FILE_BYTES = 1024 * 1024;

  /** At most this many YAML nodes are read from one file, aliases counted at every use. */
  public static final int MAX_NODES_PER_FILE = 100_000;

  /** At most this many aliases to lists or mappings in one file. */
  public static final int MAX_ALIASES = 50;

  /** At most this many levels of nested lists and mappings. */
  public static final int MAX_DEPTH = 50;

  /** At most this many YAML files in one repository. */
  public static final int MAX_FILES = 10_000;

  /** The directories of a repository that are read. */
  public static final List<String> ROOTS =
      List.of("hosts", "environments", "resource-groups", "dns");

  /** Reads the repository checked out at {@code repoRoot}. */
  public LoadResult loadDirectory(Path repoRoot) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<SourceFile> files = DirectoryScan.scan(repoRoot, diagnostics);
    LoadResult loaded = load(files);
    diagnostics.addAll(loaded.diagnostics());
    return new LoadResult(loaded.fleet(), diagnostics);
  }

  /**
   * Reads the given files. Paths outside {@code hosts/} and {@code environments/} or not ending in
   * {@code .yaml}/{@code .yml} are ignored; unsafe paths ({@code ..}, absolute) and files over
   * {@link #MAX_FILE_BYTES} are refused without reading their content.
   */
  public LoadResult load(List<SourceFile> files) {
    return load(files, this::parse);
  }

  /**
   * As {@link #load(List)}, but each file is read through {@code parser}, which must answer what
   * {@link #parse} would (for example a parse remembered from an earlier commit).
   */
  public LoadResult load(List<SourceFile> files, Function<SourceFile, ParsedFile> parser) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Hypervisor> hypervisors = new ArrayList<>();
    List<Environment> environments = new ArrayList<>();
    List<ResourceGroup> groups = new ArrayList<>();
    List<DnsZone> dnsZones = new ArrayList<>();
    List<SourceFile> sorted =
        files.stream()
            .filter(FleetLoader::isFleetFile)
            .sorted(Comparator.comparing(SourceFile::path))
            .toList();
    if (sorted.size() > MAX_FILES) {
      diagnostics.add(tooManyFiles(sorted.size()));
      sorted = sorted.subList(0, MAX_FILES);
    }
    for (SourceFile file : sorted) {
      ParsedFile parsed = parser.apply(file);
      diagnostics.addAll(parsed.diagnostics());
      hypervisors.addAll(parsed.hypervisors());
      environments.addAll(parsed.environments());
      groups.addAll(parsed.resourceGroups());
      dnsZones.addAll(parsed.dnsZones());
    }
    duplicates(hypervisors, Hypervisor::name, Hypervisor::source, "hypervisor", diagnostics);
    duplicates(environments, Environment::name, Environment::source, "environment", diagnostics);
    duplicates(groups, ResourceGroup::name, ResourceGroup::source, "resource group", diagnostics);
    duplicates(dnsZones, DnsZone::name, DnsZone::source, "DNS zone", diagnostics);
    DnsZoneRules.check(dnsZones, diagnostics);
    return new LoadResult(new Fleet(hypervisors, environments, groups, dnsZones), diagnostics);
  }

  /**
   * Reads one file on its own: its documents and the diagnostics about it. The file is taken as a
   * fleet file; {@link #load} decides which files are.
   */
  public ParsedFile parse(SourceFile file) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Hypervisor> hypervisors = new ArrayList<>();
    List<Environment> environments = new ArrayList<>();
    List<ResourceGroup> groups = new ArrayList<>();
    List<DnsZone> dnsZones = new ArrayList<>();
    readFile(
        file,
        diagnostics,
        new DocumentReader(hypervisors::add, environments::add, groups::add, dnsZones::add));
    return new ParsedFile(file.path(), hypervisors, environments, groups, dnsZones, diagnostics);
  }

  static boolean isFleetFile(SourceFile file) {
    String p = file.path();
    boolean yaml = p.endsWith(".yaml") || p.endsWith(".yml");
    return yaml && ROOTS.stream().anyMatch(r -> p.startsWith(r + "/"));
  }

  private static void readFile(
      SourceFile file, List<Diagnostic> diagnostics, DocumentReader reader) {
    String path = file.path();
    Position at = Position.ofFile(path);
    if (!safePath(path)) {
      diagnostics.add(
          Diagnostic.error(
              at,
              "",
              "the path " + path + " is refused",
              "use plain relative paths without .. or empty segments"));
      return;
    }
    if (file.size() > MAX_FILE_BYTES) {
      diagnostics.add(tooLarge(at, file.size()));
      return;
    }
    byte[] bytes;
    try {
      bytes = file.content().get();
    } catch (UncheckedIOException e) {
      diagnostics.add(
          Diagnostic.error(at, "", "cannot read the file: " + e.getCause().getMessage(), ""));
      return;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      diagnostics.add(tooLarge(at, bytes.length));
      return;
    }
    new YamlFile(path, diagnostics).read(bytes, reader);
  }

  private static boolean safePath(String path) {
    if (path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static Diagnostic tooLarge(Position at, long size) {
    return Diagnostic.error(
        at,
        "",
        "the file has "
            + size
            + " bytes, more than the limit of "
            + MAX_FILE_BYTES
            + " bytes (1 MiB)",
        "split it into several files");
  }

  private static Diagnostic tooManyFiles(int count) {
    return Diagnostic.error(
        Position.ofFile("."),
        "",
        "the repository has " + count + " YAML files, more than the limit of " + MAX_FILES,
        "split the fleet into several repositories");
  }

  private static <T> void duplicates(
      List<T> items,
      Function<T, String> name,
      Function<T, SourceMap> source,
      String what,
      List<Diagnostic> diagnostics) {
    Map<String, T> first = new HashMap<>();
    for (T item : items) {
      String n = name.apply(item);
      if (n == null) {
        continue;
      }
      T earlier = first.putIfAbsent(n, item);
      if (earlier != null) {
        diagnostics.add(
            Diagnostic.error(
                source.apply(item).at("name"),
                "name",
                what + " " + n + " is already declared at " + source.apply(earlier).at("name"),
                "rename one of them or remove the second"));
      }
    }
  }
}
