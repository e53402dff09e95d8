package dev.ringmaster.reconciler.seed;

import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.SeedImage;
import dev.ringmaster.driver.spi.SeedResource;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a VM's first-boot seed: generates a fresh ed25519 host key pair, pins its public half in
 * the host key store, builds the {@code cidata} image with the private half and uploads it through
 * the hypervisor driver. Pin before upload: a crash in between leaves a pin and no seed, and the
 * next pass writes a new pair and a new pin (the domain is defined only after the seed), so pin and
 * seed never disagree. The private key lives only in the uploaded image (on the hypervisor's pool,
 * readable by whoever can read that pool: root and libvirt's QEMU user); it is not logged, kept or
 * returned. Thread-safe (stateless apart from its configuration).
 */
public final class SeedWriter {
  private final Supplier<List<String>> managementKeys;
  private final HostKeyStore pins;

  /**
   * @param managementKeys OpenSSH public keys that may log in as root (Ringmaster's management key)
   * @param pins where the generated host key's public half is pinned
   */
  public SeedWriter(List<String> managementKeys, HostKeyStore pins) {
    this(constant(List.copyOf(managementKeys)), pins);
  }

  /**
   * @param managementKeys read when a seed is written (so a key file may appear after start-up);
   *     throws {@link dev.ringmaster.model.RingmasterException} when it cannot be read
   */
  public SeedWriter(Supplier<List<String>> managementKeys, HostKeyStore pins) {
    this.managementKeys = managementKeys;
    this.pins = pins;
  }

  private static Supplier<List<String>> constant(List<String> keys) {
    return () -> keys;
  }

  /** The management keys written into seeds. */
  public List<String> managementKeys() {
    return List.copyOf(managementKeys.get());
  }

  /** Generates, pins, builds and uploads. Returns the fingerprint of the pinned host key. */
  public String write(SeedResource seed, HypervisorDriver driver) {
    List<String> authorized = managementKeys();
    HostKeyPair keys = HostKeyPair.generate();
    String publicKey = keys.publicKey();
    boolean keep = !seed.replacePin() && pins.find(seed.sshAddress(), seed.sshPort()).isPresent();
    if (!seed.sshAddress().isEmpty() && !keep) {
      pins.record(seed.sshAddress(), seed.sshPort(), publicKey);
    }
    SeedImage image = image(seed, keys, authorized);
    driver.writeSeed(seed.pool(), seed.volume(), image);
    return keys.fingerprint();
  }

  SeedImage image(SeedResource seed, HostKeyPair keys, List<String> authorized) {
    String instanceId = SeedDocuments.instanceId(seed.vm(), keys.fingerprint());
    String userData =
        SeedDocuments.userData(
            seed.hostname(),
            authorized,
            keys.publicKey("root@" + seed.hostname()),
            keys.privateKeyOpenSsh("root@" + seed.hostname()));
    return FatImage.image(
        SeedDocuments.LABEL,
        SeedDocuments.files(
            SeedDocuments.metaData(instanceId, seed.hostname()), seed.networkConfig(), userData));
  }
}
