package dev.ringmaster.model.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small, valid fleet repository written to a directory, for tests to break on purpose. */
final class TestRepo {
  static final String ENV = "environments/myapp.yaml";
  static final String HOST = "hosts/kvm01.yaml";
  static final String ALICE_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYB3JgDIBfSuTkOCZEvhakRX7wz3pDNiEtSj+8P0qhf alice@laptop";

  static final String HYPERVISOR =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm01
      uri: test:///default
      storagePool: default-pool
      bridges: { fe: br01-fe, srv: br01-srv }
      capacity: { memory: 256GiB, cores: 64 }
      """;

  static final String ENVIRONMENT =
      """
      apiVersion: ringmaster/v1
      kind: Environment
      name: myapp-production
      resourceGroup: myapp
      networks:
        fe: { vlan: 2, ipv4: 203.0.113.0/26, ipv6: "2001:db8:2::/64" }
        srv: { vlan: 3, ipv4: 10.3.0.0/24, ipv6: "2001:db8:3::/64" }
      users:
        - name: alice
          uid: 1001
          sshKeys: ["%s"]
          permissions: [login]
      serviceUsers:
        - name: s-myapp
      vms:
        - name: myapp00
          host: kvm01
          memory: 4GiB
          cores: 2
          disk: 30GiB
          roles: [webgateway]
      """
          .formatted(ALICE_KEY);

  private final Path root;

  TestRepo(Path root) {
    this.root = root;
    write(HOST, HYPERVISOR);
    write(ENV, ENVIRONMENT);
  }

  Path root() {
    return root;
  }

  TestRepo write(String path, String text) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the first occurrence of {@code from} in the environment file. */
  TestRepo edit(String from, String to) {
    return edit(ENV, from, to);
  }

  TestRepo edit(String path, String from, String to) {
    try {
      String text = Files.readString(root.resolve(path));
      if (!text.contains(from)) {
        throw new IllegalArgumentException(path + " does not contain " + from);
      }
      return write(path, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
