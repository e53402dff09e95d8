package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.desired.KindDerivation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The installed {@link ResourceKindHandler}s by kind, found once with {@link ServiceLoader}.
 * Immutable and thread-safe.
 */
public final class ResourceKinds {
  private static final ResourceKinds INSTALLED = load();

  private final Map<ResourceKind, ResourceKindHandler> handlers;

  private ResourceKinds(Map<ResourceKind, ResourceKindHandler> handlers) {
    this.handlers = handlers;
  }

  /** The handlers registered on the class path. */
  public static ResourceKinds installed() {
    return INSTALLED;
  }

  /** The handler of {@code kind}; a terminal error when none is installed. */
  public ResourceKindHandler of(ResourceKind kind) {
    ResourceKindHandler h = handlers.get(kind);
    if (h == null) {
      throw new RingmasterException("no handler is installed for resource kind " + kind);
    }
    return h;
  }

  public ResourceKindHandler of(ResourceId id) {
    return of(id.kind());
  }

  /** The handler of {@code kind}, or empty when none is installed. */
  public Optional<ResourceKindHandler> find(ResourceKind kind) {
    return Optional.ofNullable(handlers.get(kind));
  }

  /** The installed handlers that {@code property} holds for (e.g. {@code partOfVm}). */
  public Set<ResourceKind> where(Predicate<ResourceKindHandler> property) {
    Set<ResourceKind> out = EnumSet.noneOf(ResourceKind.class);
    handlers.forEach(
        (kind, h) -> {
          if (property.test(h)) {
            out.add(kind);
          }
        });
    return out;
  }

  /**
   * The entries of a plan's unreachable endpoints that stop the whole apply of their environments:
   * all but those of kinds whose unreachable endpoints hold back only themselves ({@link
   * ResourceKindHandler#unreachableHoldsBackOnlyItself}).
   */
  public java.util.SortedMap<String, String> blocking(java.util.Map<String, String> unreachable) {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    unreachable.forEach(
        (key, why) -> {
          if (!holdsBackOnlyItself(key)) {
            out.put(key, why);
          }
        });
    return out;
  }

  /**
   * {@code hypervisor kvm01} for a hypervisor's entry, the entry itself ({@code dns/<zone>}) else.
   */
  public static String describeUnreachable(String key) {
    return key.contains("/") ? key : "hypervisor " + key;
  }

  private boolean holdsBackOnlyItself(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String prefix = key.substring(0, slash);
    return handlers.entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().name().equalsIgnoreCase(prefix)
                    && e.getValue().unreachableHoldsBackOnlyItself());
  }

  public Collection<ResourceKindHandler> all() {
    return handlers.values();
  }

  private static ResourceKinds load() {
    Map<ResourceKind, ResourceKindHandler> found = new EnumMap<>(ResourceKind.class);
    List<String> duplicates = new ArrayList<>();
    for (KindDerivation k :
        ServiceLoader.load(KindDerivation.class, KindDerivation.class.getClassLoader())) {
      if (k instanceof ResourceKindHandler h && found.putIfAbsent(h.kind(), h) != null) {
        duplicates.add(h.kind().name());
      }
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException("two handlers for resource kinds " + duplicates);
    }
    return new ResourceKinds(found);
  }
}
