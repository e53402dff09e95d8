package dev.ringmaster.model;

/**
 * A KVM host as written in {@code hosts/*.yaml}: its libvirt URI, the storage pool for VM disks, an
 * optional base image volume cloned for new root disks (null when absent), the host bridges for the
 * two networks, and its capacity. {@code ssh} (nullable) overrides how the guests on it are
 * reached. {@code hostKey} (nullable) is the pinned OpenSSH public key of the hypervisor's own SSH
 * server, for {@code qemu+libssh://} URIs. {@code backupPool} (nullable: no backups are taken on
 * this host) is the libvirt storage pool that receives the backups of its VMs' root disks.
 */
public record Hypervisor(
    String name,
    String uri,
    String storagePool,
    String baseImage,
    Bridges bridges,
    Capacity capacity,
    String domainType,
    DirectBoot directBoot,
    SshEndpoint ssh,
    String hostKey,
    SourceMap source,
    String backupPool) {

  public Hypervisor {
    domainType = domainType == null ? "kvm" : domainType;
  }

  /** A hypervisor without a backup pool. */
  public Hypervisor(
      String name,
      String uri,
      String storagePool,
      String baseImage,
      Bridges bridges,
      Capacity capacity,
      String domainType,
      DirectBoot directBoot,
      SshEndpoint ssh,
      String hostKey,
      SourceMap source) {
    this(
        name,
        uri,
        storagePool,
        baseImage,
        bridges,
        capacity,
        domainType,
        directBoot,
        ssh,
        hostKey,
        source,
        null);
  }

  /** A hypervisor without a pinned host key and without a backup pool. */
  public Hypervisor(
      String name,
      String uri,
      String storagePool,
      String baseImage,
      Bridges bridges,
      Capacity capacity,
      String domainType,
      DirectBoot directBoot,
      SshEndpoint ssh,
      SourceMap source) {
    this(
        name,
        uri,
        storagePool,
        baseImage,
        bridges,
        capacity,
        domainType,
        directBoot,
        ssh,
        null,
        source,
        null);
  }

  /** This hypervisor reached at another URI (tests, tools); everything else unchanged. */
  public Hypervisor withUri(String newUri) {
    return new Hypervisor(
        name,
        newUri,
        storagePool,
        baseImage,
        bridges,
        capacity,
        domainType,
        directBoot,
        ssh,
        hostKey,
        source,
        backupPool);
  }

  /** A kernel, initrd and command line, as paths on the hypervisor. */
  public record DirectBoot(String kernel, String initrd, String cmdline) {}

  /** Host bridge names for the frontend and server networks. */
  public record Bridges(String fe, String srv) {
    public String of(NetworkKind kind) {
      return kind == NetworkKind.FE ? fe : srv;
    }
  }

  /** What the host can give to VMs in total. */
  public record Capacity(Size memory, int cores) {}
}
