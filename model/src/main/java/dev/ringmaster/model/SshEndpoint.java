package dev.ringmaster.model;

/**
 * Where the NixOS driver reaches a guest, overriding the default (the VM's server-network address,
 * port 22, user root) field by field: on a hypervisor for all of its VMs, on a VM for itself. Every
 * field is nullable, meaning "not overridden here".
 */
public record SshEndpoint(String host, Integer port, String user) {
  public static final SshEndpoint NONE = new SshEndpoint(null, null, null);

  /** This endpoint with the fields that are null here taken from {@code fallback}. */
  public SshEndpoint orElse(SshEndpoint fallback) {
    if (fallback == null) {
      return this;
    }
    return new SshEndpoint(
        host != null ? host : fallback.host,
        port != null ? port : fallback.port,
        user != null ? user : fallback.user);
  }
}
