package dev.ringmaster.driver.spi;

/**
 * The mark Ringmaster leaves on every libvirt object it creates (a metadata element in the domain
 * or network XML): which hypervisor (as named in the fleet) and environment it belongs to, and the
 * hash of the spec it was made from. An object without this mark is foreign and is never modified
 * or deleted. {@code host} lets two fleet hypervisors share one libvirt instance (as both example
 * hypervisors share {@code test:///default}): an object marked for another host is not this host's.
 * {@code environment} is empty for objects shared by all environments on a hypervisor (networks).
 */
public record Ownership(String host, String environment, String specHash) {
  /** The XML namespace of the metadata element. */
  public static final String NAMESPACE = "https://ringmaster.dev/xmlns/libvirt/1";

  public Ownership {
    host = host == null ? "" : host;
    environment = environment == null ? "" : environment;
    specHash = specHash == null ? "" : specHash;
  }

  /** True when {@code owner} is a mark that makes the object Ringmaster's on {@code host}. */
  public static boolean ownedHere(Ownership owner, String host) {
    return owner != null && (owner.host().isEmpty() || owner.host().equals(host));
  }
}
