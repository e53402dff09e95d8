package dev.ringmaster.reconciler.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a benchmark's synthetic fleet lives: libvirt test-driver instances in the benchmark's own
 * process ({@link #TEST_DRIVER}, what {@link SyntheticFleet} writes), or real libvirt daemons
 * ({@link #libvirtd}): then every VM is define-only ({@code online: false}, nothing boots) with a
 * 64 MiB disk, so a machine without hardware virtualization and with little disk space holds
 * thousands of them.
 */
sealed interface FleetTarget {
  FleetTarget TEST_DRIVER = new TestDriver();

  /** Real daemons, one per hypervisor of the fleet in order, each with a dir pool {@code pool}. */
  static FleetTarget libvirtd(List<String> uris, String pool) {
    return new Libvirtd(uris, pool);
  }

  /** Rewrites the fleet {@link SyntheticFleet} wrote under {@code root} for this target. */
  void retarget(Path root);

  /** The size and lifecycle lines of a VM added later (indented as a VM's attributes). */
  String addedVmAttributes();

  /** Short name for reports. */
  String describe();

  record TestDriver() implements FleetTarget {
    @Override
    public void retarget(Path root) {}

    @Override
    public String addedVmAttributes() {
      return "    disk: 10GiB\n";
    }

    @Override
    public String describe() {
      return "libvirt test-driver instances in the benchmark's process";
    }
  }

  record Libvirtd(List<String> uris, String pool) implements FleetTarget {
    public Libvirtd {
      uris = List.copyOf(uris);
    }

    @Override
    public void retarget(Path root) {
      try {
        List<Path> hosts;
        try (Stream<Path> files = Files.list(root.resolve("hosts"))) {
          hosts = files.sorted().toList();
        }
        if (hosts.size() != uris.size()) {
          throw new IllegalStateException(
              "the fleet has " + hosts.size() + " hypervisors but " + uris.size() + " libvirtds");
        }
        for (int h = 0; h < hosts.size(); h++) {
          Path file = hosts.get(h);
          Files.writeString(
              file,
              Files.readString(file)
                  .replaceAll("(?m)^uri: .*$", "uri: \"" + uris.get(h) + "\"")
                  .replaceAll("(?m)^storagePool: .*$", "storagePool: " + pool));
        }
        try (Stream<Path> envs = Files.list(root.resolve("environments"))) {
          for (Path e : envs.toList()) {
            Files.writeString(e, defineOnly(Files.readString(e)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String addedVmAttributes() {
      return "    disk: 64MiB\n    online: false\n";
    }

    @Override
    public String describe() {
      return uris.size()
          + " private libvirtd"
          + (uris.size() == 1 ? "" : "s")
          + ", define-only VMs";
    }
  }

  /** Every VM of an environment file define-only with a 64 MiB disk. */
  static String defineOnly(String environment) {
    return environment.replaceAll("(?m)^(\\s+)disk: \\S+$", "$1disk: 64MiB\n$1online: false");
  }
}
