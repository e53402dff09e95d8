package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.GuestDriverFactory;
import dev.ringmaster.driver.spi.GuestSetup;
import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.plan.KindDriverFactory;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Builds the one engine the CLI and the daemon run: the state store, the drivers found with {@link
 * ServiceLoader} (hypervisor drivers, and the guest driver whose keys {@code guestProperties}
 * carries), the drivers that kinds' {@link KindDriverFactory}s build (the first-boot seed writer),
 * and the reconciler. Host keys accepted on first use and pinned by seeds are recorded in the state
 * store. Plain Java.
 */
public final class EngineFactory {
  private EngineFactory() {}

  /** A running engine; closing closes the drivers, then the store. */
  public record Engine(StateStore store, DriverRegistry drivers, Reconciler reconciler)
      implements AutoCloseable {
    @Override
    public void close() {
      drivers.close();
      store.close();
    }
  }

  /**
   * Opens the store at {@code storeDir} and builds the engine.
   *
   * @param guestProperties configuration keys of the guest driver ({@code ringmaster.nixos.*});
   *     empty when guests are not managed
   * @param config how the engine runs; its guest source is replaced when a guest driver is
   *     configured
   */
  public static Engine open(
      Path storeDir, Map<String, String> guestProperties, ReconcilerConfig config) {
    return open(storeDir, guestProperties, HypervisorSettings.fromSystem(), config);
  }

  /**
   * As {@link #open(Path, Map, ReconcilerConfig)} with Ringmaster's hypervisor settings given (SSH
   * key, connect timeout); their host key store is replaced by the state store's.
   */
  public static Engine open(
      Path storeDir,
      Map<String, String> guestProperties,
      HypervisorSettings hypervisors,
      ReconcilerConfig config) {
    StateStore store = StateStore.open(storeDir);
    try {
      HostKeyStore keys = new StoreHostKeys(store);
      Optional<GuestSetup> guests = guests(guestProperties, keys);
      DriverRegistry drivers =
          DriverRegistry.fromServiceLoader(
              guests.map(GuestSetup::driver).orElse(null), hypervisors.withHostKeys(keys));
      for (KindDriverFactory<?> f :
          ServiceLoader.load(KindDriverFactory.class, KindDriverFactory.class.getClassLoader())) {
        register(drivers, f, guestProperties, guests.isPresent(), keys);
      }
      ReconcilerConfig effective =
          guests.<ReconcilerConfig>map(g -> config.withGuests(g::desired)).orElse(config);
      return new Engine(store, drivers, new Reconciler(drivers, store, effective));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static <T> void register(
      DriverRegistry drivers,
      KindDriverFactory<T> factory,
      Map<String, String> guestProperties,
      boolean guestsManaged,
      HostKeyStore keys) {
    drivers.register(factory.type(), factory.create(guestProperties, guestsManaged, keys));
  }

  /** The guest driver that {@code properties} configure, if any. */
  static Optional<GuestSetup> guests(Map<String, String> properties, HostKeyStore keys) {
    if (properties.isEmpty()) {
      return Optional.empty();
    }
    for (GuestDriverFactory f :
        ServiceLoader.load(GuestDriverFactory.class, GuestDriverFactory.class.getClassLoader())) {
      if (f.configured(properties)) {
        return Optional.of(f.create(properties, keys));
      }
    }
    return Optional.empty();
  }

  /**
   * Copies the lines of a host key file ({@code host port key}, as earlier daemons kept them in
   * {@code <state dir>/guest-known-hosts}) into the store, for hosts the store does not know yet.
   */
  public static void importHostKeys(Path file, StateStore store) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    StoreHostKeys keys = new StoreHostKeys(store);
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.trim().split(" ", 3);
        if (parts.length == 3 && parts[1].matches("[0-9]+")) {
          int port = Integer.parseInt(parts[1]);
          if (keys.find(parts[0], port).isEmpty()) {
            keys.record(parts[0], port, parts[2]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read host keys from " + file, e);
    }
  }

  /**
   * The validator's view of the state store: the root disk size last applied, by VM name (from the
   * records whose kind's handler names a root disk), read once.
   */
  public static AppliedRootDisks rootDisks(StateStore store) {
    ResourceKinds kinds = ResourceKinds.installed();
    Map<String, Size> sizes = new HashMap<>();
    store
        .lastApplied(
            r -> kinds.find(r.resource().kind()).flatMap(h -> h.appliedRootDisk(r)).isPresent())
        .records()
        .values()
        .forEach(
            r -> {
              ResourceKindHandler h = kinds.of(r.resource());
              h.appliedRootDisk(r).ifPresent(s -> sizes.put(h.chain(r.resource()), s));
            });
    return vm -> Optional.ofNullable(sizes.get(vm));
  }
}
