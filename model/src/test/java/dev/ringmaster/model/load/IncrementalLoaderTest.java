package dev.ringmaster.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Derived;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IncrementalLoaderTest {
  private static final String STAGING = "environments/shop-staging.yaml";
  private static final String KVM01 = "hosts/kvm01.yaml";

  /** One commit: an edit of the repository, and how many files the loader must read again. */
  record Edit(Consumer<Map<String, String>> change, int reread) {}

  static Stream<Arguments> histories() {
    return Stream.of(
        Arguments.of("nothing changes", List.of(new Edit(repo -> {}, 0))),
        Arguments.of(
            "change one file",
            List.of(new Edit(repo -> replace(repo, STAGING, "memory: 4GiB", "memory: 8GiB"), 1))),
        Arguments.of(
            "add a file",
            List.of(
                new Edit(
                    repo ->
                        repo.put(
                            "hosts/kvm03.yaml",
                            repo.get(KVM01).replace("name: kvm01", "name: kvm03")),
                    1))),
        Arguments.of("delete a file", List.of(new Edit(repo -> repo.remove(STAGING), 0))),
        Arguments.of(
            "rename a file",
            List.of(
                new Edit(
                    repo -> repo.put("environments/shop-stage.yaml", repo.remove(STAGING)), 1))),
        Arguments.of(
            "copy a file: duplicate names across files",
            List.of(new Edit(repo -> repo.put("environments/copy.yaml", repo.get(STAGING)), 1))),
        Arguments.of(
            "introduce an error, then fix it",
            List.of(
                new Edit(repo -> replace(repo, STAGING, "memory: 4GiB", "memory: 4GB"), 1),
                new Edit(repo -> replace(repo, STAGING, "memory: 4GB", "memory: 4GiB"), 1))),
        Arguments.of(
            "break the YAML, then mend it",
            List.of(
                new Edit(repo -> replace(repo, STAGING, "vms:", "vms: ["), 1),
                new Edit(repo -> replace(repo, STAGING, "vms: [", "vms:"), 1))),
        Arguments.of(
            "an error in one file that another file's rule sees (a hypervisor renamed)",
            List.of(
                new Edit(repo -> replace(repo, KVM01, "name: kvm01", "name: kvm09"), 1),
                new Edit(repo -> replace(repo, KVM01, "name: kvm09", "name: kvm01"), 1))),
        Arguments.of(
            "several edits in one commit",
            List.of(
                new Edit(
                    repo -> {
                      replace(repo, STAGING, "cores: 2", "cores: 4");
                      repo.remove("environments/myapp-staging.yaml");
                      repo.put(
                          "environments/notes.yaml", "apiVersion: ringmaster/v1\nkind: Nope\n");
                    },
                    2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void givesWhatAFullLoadGivesAndRereadsOnlyChangedFiles(String name, List<Edit> edits)
      throws IOException {
    Map<String, String> repo = exampleFleet();
    IncrementalLoader loader = new IncrementalLoader();
    assertSameAsFullLoad(loader.load(versioned(repo), AppliedRootDisks.NONE), repo);
    assertThat(loader.lastParsed()).isEqualTo(repo.size());
    for (Edit edit : edits) {
      edit.change().accept(repo);
      LoadResult incremental = loader.load(versioned(repo), AppliedRootDisks.NONE);
      assertSameAsFullLoad(incremental, repo);
      assertThat(loader.lastParsed()).isEqualTo(edit.reread());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void filesWithoutAVersionAreAlwaysRead(String name, List<Edit> edits) throws IOException {
    Map<String, String> repo = exampleFleet();
    IncrementalLoader loader = new IncrementalLoader();
    loader.load(unversioned(repo), AppliedRootDisks.NONE);
    for (Edit edit : edits) {
      edit.change().accept(repo);
      assertSameAsFullLoad(loader.load(unversioned(repo), AppliedRootDisks.NONE), repo);
      assertThat(loader.lastParsed()).isEqualTo(repo.size());
    }
  }

  private static void assertSameAsFullLoad(LoadResult incremental, Map<String, String> repo) {
    LoadResult full = FleetRepository.load(sources(repo), AppliedRootDisks.NONE);
    assertThat(incremental.diagnostics()).isEqualTo(full.diagnostics());
    assertThat(incremental.fleet().environments()).isEqualTo(full.fleet().environments());
    assertThat(incremental.fleet().hypervisors()).isEqualTo(full.fleet().hypervisors());
  }

  private static void replace(Map<String, String> repo, String path, String from, String to) {
    String text = repo.get(path);
    assertThat(text).contains(from);
    repo.put(path, text.replace(from, to));
  }

  private static Map<String, String> exampleFleet() throws IOException {
    Map<String, String> repo = new TreeMap<>();
    for (String dir : FleetLoader.ROOTS) {
      if (!Files.isDirectory(ExampleFleetTest.EXAMPLE.resolve(dir))) {
        continue;
      }
      try (Stream<Path> files = Files.list(ExampleFleetTest.EXAMPLE.resolve(dir))) {
        for (Path p : files.toList()) {
          repo.put(dir + "/" + p.getFileName(), Files.readString(p));
        }
      }
    }
    return repo;
  }

  private static List<SourceFile> sources(Map<String, String> repo) {
    List<SourceFile> out = new ArrayList<>();
    repo.forEach((path, text) -> out.add(SourceFile.of(path, text)));
    return out;
  }

  private static List<VersionedFile> versioned(Map<String, String> repo) {
    return sources(repo).stream()
        .map(f -> new VersionedFile(f, contentId(repo.get(f.path()))))
        .toList();
  }

  private static List<VersionedFile> unversioned(Map<String, String> repo) {
    return sources(repo).stream().map(f -> new VersionedFile(f, null)).toList();
  }

  private static String contentId(String text) {
    return Derived.sha256Hex(text);
  }
}
