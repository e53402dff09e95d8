package dev.ringmaster.reconciler.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic but valid fleet repository of a given size for the benchmark: resource groups
 * of two environments (staging, production) with {@link #VMS_PER_ENV} VMs each, spread over
 * hypervisors of {@link #VMS_PER_HOST} VMs. Each hypervisor is its own instance of libvirt's
 * built-in test driver ({@code test:///<dir>/kvm000.xml}: an empty node with one large pool), as
 * real hosts each hold only their own domains; {@code test:///default} is one instance shared by a
 * whole process. Deterministic: the same size always gives the same files.
 */
public final class SyntheticFleet {
  public static final int VMS_PER_ENV = 10;
  public static final int VMS_PER_HOST = 500;

  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHr6ttqkSAMI+Z5wShnF8cgd0hQzY8Q6nE1X0lqbB3b1";

  private SyntheticFleet() {}

  /**
   * Writes {@code vms} VMs (rounded up to whole environments) under {@code root}, and the
   * test-driver node files of the hypervisors under {@code nodes}.
   */
  public static void write(Path root, int vms, Path nodes) {
    int envs = Math.max(2, (vms + VMS_PER_ENV - 1) / VMS_PER_ENV);
    envs += envs % 2;
    int total = envs * VMS_PER_ENV;
    int hosts = Math.max(1, (total + VMS_PER_HOST - 1) / VMS_PER_HOST);
    try {
      Files.createDirectories(root.resolve("hosts"));
      Files.createDirectories(root.resolve("environments"));
      Files.createDirectories(root.resolve("resource-groups"));
      Files.createDirectories(nodes);
      for (int h = 0; h < hosts; h++) {
        Path node = nodes.toAbsolutePath().resolve(hostName(h) + ".xml");
        Files.writeString(node, NODE);
        Files.writeString(
            root.resolve("hosts/" + hostName(h) + ".yaml"), hypervisor(h, "test://" + node));
      }
      for (int e = 0; e < envs; e++) {
        String group = groupName(e / 2);
        String stage = e % 2 == 0 ? "staging" : "production";
        if (e % 2 == 0) {
          Files.writeString(
              root.resolve("resource-groups/" + group + ".yaml"), resourceGroup(group));
        }
        Files.writeString(
            root.resolve("environments/" + group + "-" + stage + ".yaml"),
            environment(e, group, stage, hosts));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The number of VMs {@link #write} produces for a requested size. */
  public static int actualSize(int vms) {
    int envs = Math.max(2, (vms + VMS_PER_ENV - 1) / VMS_PER_ENV);
    return (envs + envs % 2) * VMS_PER_ENV;
  }

  /** The number of hypervisors {@link #write} spreads a requested size over. */
  public static int hosts(int vms) {
    return Math.max(1, (actualSize(vms) + VMS_PER_HOST - 1) / VMS_PER_HOST);
  }

  static String hostName(int h) {
    return String.format("kvm%03d", h);
  }

  static String groupName(int g) {
    StringBuilder s = new StringBuilder();
    int n = g;
    for (int i = 0; i < 4; i++) {
      s.insert(0, (char) ('a' + n % 26));
      n /= 26;
    }
    return "app" + s;
  }

  private static final String NODE =
      """
      <node>
        <pool type='dir'>
          <name>default-pool</name>
          <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
          <capacity unit='TiB'>1000</capacity>
          <allocation>0</allocation>
          <available unit='TiB'>1000</available>
          <target><path>/default-pool</path></target>
        </pool>
      </node>
      """;

  private static String hypervisor(int h, String uri) {
    return """
        apiVersion: ringmaster/v1
        kind: Hypervisor
        name: %s
        uri: %s
        storagePool: default-pool
        bridges: { fe: fe%03d, srv: srv%03d }
        capacity: { memory: 8TiB, cores: 4096 }
        """
        .formatted(hostName(h), uri, h, h);
  }

  /** The accounts every environment of {@code group} shares. */
  private static String resourceGroup(String group) {
    return """
        apiVersion: ringmaster/v1
        kind: ResourceGroup
        name: %s
        users:
          - name: alice
            uid: 1001
            sshKeys: ["%s alice@laptop"]
            permissions: [login, sudo-srv]
        serviceUsers:
          - name: s-%s
        """
        .formatted(group, KEY, group);
  }

  private static String environment(int e, String group, String stage, int hosts) {
    StringBuilder s = new StringBuilder();
    s.append(
        """
        apiVersion: ringmaster/v1
        kind: Environment
        name: %s-%s
        resourceGroup: %s
        production: %s
        location: whq
        networks:
          fe:  { vlan: %d, ipv4: 100.%d.%d.0/24, ipv6: "2001:db8:%x::/64" }
          srv: { vlan: %d, ipv4: 10.%d.%d.0/24, ipv6: "2001:db8:1%x::/64" }
        vms:
        """
            .formatted(
                group,
                stage,
                group,
                e % 2 == 1,
                100 + (e % 1000),
                64 + e / 256,
                e % 256,
                e,
                2000 + (e % 1000),
                e / 256,
                e % 256,
                e));
    int first = (e % 2) * VMS_PER_ENV;
    for (int i = 0; i < VMS_PER_ENV; i++) {
      int global = e * VMS_PER_ENV + i;
      s.append(
          """
            - name: %s%02d
              host: %s
              memory: 2GiB
              cores: 2
              disk: 20GiB
              roles: [%s]
          """
              .formatted(
                  group,
                  first + i,
                  hostName(global / VMS_PER_HOST % hosts),
                  i == 0 ? "webgateway" : i == 1 ? "postgresql16" : "generic"));
    }
    return s.toString();
  }
}
