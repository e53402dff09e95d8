package dev.ringmaster.driver.spi;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The first-boot seed of one VM: a cloud-init NoCloud ({@code cidata}) volume named {@code
 * <vm>-seed} in the VM's pool, attached read-only. Holds only what the fleet derives and is public:
 * the host name, the {@code network-config} document, and the SSH address and port under which the
 * generated host key is pinned. The SSH host key pair is generated when the seed is written and
 * never appears here. {@code writeVolume} false means that applying the change records the new
 * content without rewriting the volume (the VM has already booted from it). {@code replacePin}
 * false keeps a host key already pinned for the VM's address (see {@link #forExistingVm()}).
 * Neither is part of {@link #attributes()}. Immutable.
 */
public record SeedResource(
    String host,
    String pool,
    String vm,
    String environment,
    String hostname,
    String networkConfig,
    String addresses,
    String contentHash,
    String sshAddress,
    int sshPort,
    boolean writeVolume,
    boolean replacePin)
    implements DesiredResource {

  public SeedResource {
    if (host == null || pool == null || vm == null || hostname == null || networkConfig == null) {
      throw new IllegalArgumentException("host, pool, vm, hostname and networkConfig are required");
    }
    environment = environment == null ? "" : environment;
    addresses = addresses == null ? "" : addresses;
    contentHash = contentHash == null ? "" : contentHash;
    sshAddress = sshAddress == null ? "" : sshAddress;
  }

  /** The volume this seed is written to: {@code <vm>-seed}. */
  public String volume() {
    return DiskRole.SEED.volumeName(vm);
  }

  /** This seed, applied by recording its content without rewriting the volume. */
  public SeedResource recordOnly() {
    return new SeedResource(
        host,
        pool,
        vm,
        environment,
        hostname,
        networkConfig,
        addresses,
        contentHash,
        sshAddress,
        sshPort,
        false,
        replacePin);
  }

  /**
   * This seed written for a VM that already exists: a host key already pinned for it is kept (the
   * running guest still presents it; a guest without cloud-init always will), a missing pin is set.
   */
  public SeedResource forExistingVm() {
    return new SeedResource(
        host,
        pool,
        vm,
        environment,
        hostname,
        networkConfig,
        addresses,
        contentHash,
        sshAddress,
        sshPort,
        writeVolume,
        false);
  }

  @Override
  public ResourceId id() {
    return ResourceId.seed(host, vm);
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("pool", pool);
    a.put("volume", volume());
    a.put("hostname", hostname);
    a.put("addresses", addresses);
    a.put("content", contentHash);
    a.put("ssh", sshAddress + ":" + sshPort);
    return a;
  }
}
