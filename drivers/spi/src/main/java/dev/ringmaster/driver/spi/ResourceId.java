package dev.ringmaster.driver.spi;

import java.util.Comparator;

/**
 * The stable identity of a managed object: its kind, the hypervisor it lives on, and its name there
 * ({@code domain/kvm01/myapp00}, {@code volume/kvm01/myapp00-root}, {@code
 * network/kvm01/ringmaster-fe}, {@code seed/kvm01/myapp00}, {@code guest/kvm01/myapp00}). State
 * store keys, deterministic UUIDs and journal entries derive from it. Immutable; ordered by kind
 * (creation order), then host, then name.
 */
public record ResourceId(ResourceKind kind, String host, String name)
    implements Comparable<ResourceId> {
  private static final Comparator<ResourceId> ORDER =
      Comparator.comparing(ResourceId::kind)
          .thenComparing(ResourceId::host)
          .thenComparing(ResourceId::name);

  public ResourceId {
    if (kind == null || host == null || name == null) {
      throw new IllegalArgumentException("kind, host and name are required");
    }
  }

  public static ResourceId network(String host, String name) {
    return new ResourceId(ResourceKind.NETWORK, host, name);
  }

  public static ResourceId volume(String host, String name) {
    return new ResourceId(ResourceKind.VOLUME, host, name);
  }

  /** The first-boot seed of {@code vm}: {@code seed/kvm01/myapp00}. */
  public static ResourceId seed(String host, String vm) {
    return new ResourceId(ResourceKind.SEED, host, vm);
  }

  public static ResourceId domain(String host, String name) {
    return new ResourceId(ResourceKind.DOMAIN, host, name);
  }

  public static ResourceId guest(String host, String vm) {
    return new ResourceId(ResourceKind.GUEST, host, vm);
  }

  /** A DNS name: {@code dns/<zone>/<name>}, the name relative to the zone. */
  public static ResourceId dns(String zone, String name) {
    return new ResourceId(ResourceKind.DNS, zone, name);
  }

  /** Parses the {@link #toString()} form; throws {@link IllegalArgumentException} otherwise. */
  public static ResourceId parse(String text) {
    String[] parts = text.split("/", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a resource id: " + text);
    }
    return new ResourceId(
        ResourceKind.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)), parts[1], parts[2]);
  }

  @Override
  public int compareTo(ResourceId o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + host + "/" + name;
  }
}
