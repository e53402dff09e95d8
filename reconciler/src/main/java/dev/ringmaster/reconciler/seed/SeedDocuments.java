package dev.ringmaster.reconciler.seed;

import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostInterface;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three NoCloud documents of a VM's first-boot seed: {@code meta-data} (instance id and host
 * name), {@code network-config} (version 2: {@code ethfe}/{@code ethsrv} matched by MAC and
 * renamed, the host config's static addresses, one default route per family and interface with a
 * metric that prefers the first) and {@code user-data} (Ringmaster's management keys for root, the
 * host key pair, host name, no locale step). Pure functions; thread-safe.
 */
public final class SeedDocuments {
  /** The label cloud-init's NoCloud data source looks for. */
  public static final String LABEL = "CIDATA";

  /** What {@link #userData} writes instead of the private key when asked to redact. */
  public static final String REDACTED = "<redacted: written only into the seed volume>";

  private SeedDocuments() {}

  /**
   * The instance id: the VM name and the host key's fingerprint. Every write of a seed generates a
   * new key, so a re-created VM gets a new instance id, and cloud-init runs its first boot again.
   */
  public static String instanceId(String vm, String hostKeyFingerprint) {
    String tail = hostKeyFingerprint.replace("SHA256:", "").replaceAll("[^A-Za-z0-9]", "");
    return "iid-" + vm + "-" + tail.substring(0, Math.min(16, tail.length()));
  }

  public static String metaData(String instanceId, String hostname) {
    return "instance-id: " + instanceId + "\nlocal-hostname: " + hostname + "\n";
  }

  public static String networkConfig(HostConfig config) {
    return networkConfig(config.interfaces());
  }

  /** The {@code network-config} document of these interfaces. */
  public static String networkConfig(List<HostInterface> interfaces) {
    StringBuilder y = new StringBuilder("version: 2\nethernets:\n");
    int metric = 100;
    for (HostInterface i : interfaces) {
      y.append("  ").append(i.name()).append(":\n");
      y.append("    match:\n      macaddress: \"").append(i.mac()).append("\"\n");
      y.append("    set-name: ").append(i.name()).append('\n');
      List<HostInterface.IpConfig> ips =
          java.util.stream.Stream.of(i.ipv4(), i.ipv6()).filter(x -> x != null).toList();
      if (ips.isEmpty()) {
        continue;
      }
      y.append("    addresses:\n");
      ips.forEach(
          ip ->
              y.append("      - \"")
                  .append(ip.address())
                  .append('/')
                  .append(ip.prefixLength())
                  .append("\"\n"));
      y.append("    routes:\n");
      for (HostInterface.IpConfig ip : ips) {
        String to = ip.address().contains(":") ? "\"::/0\"" : "0.0.0.0/0";
        y.append("      - to: ").append(to).append('\n');
        y.append("        via: \"").append(ip.gateway()).append("\"\n");
        y.append("        metric: ").append(metric).append('\n');
      }
      metric += 100;
    }
    return y.toString();
  }

  /**
   * The cloud-config. {@code privateKey} null writes {@link #REDACTED} in its place (for display).
   */
  public static String userData(
      String hostname, List<String> managementKeys, String hostPublicKey, String privateKey) {
    StringBuilder y = new StringBuilder("#cloud-config\n");
    y.append("hostname: ").append(hostname).append('\n');
    y.append("preserve_hostname: false\n");
    y.append("disable_root: false\n");
    y.append("ssh_pwauth: false\n");
    y.append("locale: false\n");
    // No image default user (Debian's "debian"): accounts are the host config's alone, and the
    // activation would otherwise remove that user while cloud-init's final stage still runs.
    y.append("users: []\n");
    y.append("ssh_deletekeys: true\n");
    y.append("ssh_genkeytypes: []\n");
    y.append("ssh_authorized_keys:\n");
    managementKeys.forEach(k -> y.append("  - \"").append(k.trim()).append("\"\n"));
    y.append("ssh_keys:\n");
    y.append("  ed25519_public: \"").append(hostPublicKey).append("\"\n");
    if (privateKey == null) {
      y.append("  ed25519_private: \"").append(REDACTED).append("\"\n");
    } else {
      y.append("  ed25519_private: |\n");
      privateKey.lines().forEach(l -> y.append("    ").append(l).append('\n'));
    }
    return y.toString();
  }

  /** The files of the seed image, by name. */
  public static Map<String, byte[]> files(String metaData, String networkConfig, String userData) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("meta-data", metaData.getBytes(StandardCharsets.UTF_8));
    files.put("network-config", networkConfig.getBytes(StandardCharsets.UTF_8));
    files.put("user-data", userData.getBytes(StandardCharsets.UTF_8));
    return files;
  }
}
