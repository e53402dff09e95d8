package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorDriverFactory;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.reconciler.apply.FunctionDriverAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens and keeps one {@link HypervisorDriver} per hypervisor name, from the first {@link
 * HypervisorDriverFactory} that accepts its URI (found with {@link ServiceLoader} unless given). A
 * hypervisor whose URI or pinned host key changed is reconnected. Every opened driver passes
 * through the registered {@link HypervisorDriverDecorator}s (none in production; tests add fault
 * injection). Thread-safe; closing closes every driver.
 */
public final class DriverRegistry implements AutoCloseable {
  private final List<HypervisorDriverFactory> factories;
  private final GuestDriver guests;
  private final List<HypervisorDriverDecorator> decorators;
  private final Map<String, Connected> open = new ConcurrentHashMap<>();
  private volatile dev.ringmaster.driver.spi.ChangeListener listener;
  private final Map<Class<?>, Optional<Object>> others = new ConcurrentHashMap<>();

  private record Connected(String uri, String hostKey, HypervisorDriver driver) {
    boolean reaches(Hypervisor h) {
      return uri.equals(h.uri()) && java.util.Objects.equals(hostKey, h.hostKey());
    }
  }

  /**
   * @param guests the guest driver; null when guests are not managed
   */
  public DriverRegistry(List<HypervisorDriverFactory> factories, GuestDriver guests) {
    this(factories, guests, List.of());
  }

  public DriverRegistry(
      List<HypervisorDriverFactory> factories,
      GuestDriver guests,
      List<HypervisorDriverDecorator> decorators) {
    this.factories = List.copyOf(factories);
    this.guests = guests;
    this.decorators = List.copyOf(decorators);
  }

  /** The factories registered with {@link ServiceLoader}, no guest driver. */
  public static DriverRegistry fromServiceLoader() {
    return fromServiceLoader(null);
  }

  public static DriverRegistry fromServiceLoader(GuestDriver guests) {
    return fromServiceLoader(guests, HypervisorSettings.defaults());
  }

  /** As {@link #fromServiceLoader(GuestDriver)}, each factory configured with {@code settings}. */
  public static DriverRegistry fromServiceLoader(GuestDriver guests, HypervisorSettings settings) {
    List<HypervisorDriverFactory> found = new ArrayList<>();
    ServiceLoader.load(HypervisorDriverFactory.class)
        .forEach(f -> found.add(f.configure(settings)));
    List<HypervisorDriverDecorator> decorators = new ArrayList<>();
    ServiceLoader.load(HypervisorDriverDecorator.class).forEach(decorators::add);
    return new DriverRegistry(found, guests, decorators);
  }

  /** The connected driver of {@code hypervisor}; connects on first use. */
  public HypervisorDriver driver(Hypervisor hypervisor) {
    Connected c =
        open.compute(
            hypervisor.name(),
            (name, existing) -> {
              if (existing != null && existing.reaches(hypervisor)) {
                return existing;
              }
              if (existing != null) {
                existing.driver().close();
              }
              return new Connected(hypervisor.uri(), hypervisor.hostKey(), connect(hypervisor));
            });
    return c.driver();
  }

  /**
   * Subscribes {@code changes} to the change feed of every driver, open now or opened later (see
   * {@link HypervisorDriver#watch}).
   */
  public void watch(dev.ringmaster.driver.spi.ChangeListener changes) {
    this.listener = changes;
    open.values().forEach(c -> c.driver().watch(changes));
  }

  /** One line per hypervisor whose change feed is down, naming it. */
  public List<String> watchProblems() {
    List<String> out = new ArrayList<>();
    open.forEach(
        (host, c) ->
            c.driver()
                .watchProblem()
                .ifPresent(p -> out.add("hypervisor " + host + " change feed down: " + p)));
    return out;
  }

  /** The already connected driver of a hypervisor, by name. */
  public Optional<HypervisorDriver> connected(String host) {
    return Optional.ofNullable(open.get(host)).map(Connected::driver);
  }

  public Optional<GuestDriver> guestDriver() {
    return Optional.ofNullable(guests);
  }

  /**
   * The first driver of type {@code type} registered with {@link ServiceLoader} (for kinds outside
   * hypervisors, such as DNS), created once and closed with the registry when it is {@link
   * AutoCloseable}.
   */
  public <T> Optional<T> other(Class<T> type) {
    return others
        .computeIfAbsent(
            type,
            t -> ServiceLoader.load(t, t.getClassLoader()).findFirst().map(Object.class::cast))
        .map(type::cast);
  }

  /**
   * Registers {@code driver} as the {@link #other} driver of type {@code type}, in place of any
   * found with {@link ServiceLoader}: for drivers the engine builds from its own configuration and
   * state (the first-boot seed writer, which pins into the state store). Closed with the registry
   * when it is {@link AutoCloseable}.
   */
  public <T> void register(Class<T> type, T driver) {
    others.put(type, Optional.of(driver));
  }

  /**
   * Registers {@code driver} as the {@link #other} driver of type {@code type} unless one was
   * registered already: the engine offers handlers its state store's host key store this way.
   */
  public <T> void registerIfAbsent(Class<T> type, T driver) {
    others.putIfAbsent(type, Optional.of(driver));
  }

  /**
   * What kind handlers see: connected hypervisor drivers by name (connected while observing this
   * pass), the guest driver and {@link #other} drivers.
   */
  public DriverAccess access() {
    return new FunctionDriverAccess(
        host ->
            connected(host)
                .orElseThrow(
                    () ->
                        new dev.ringmaster.model.RingmasterException(
                            host + " was not observed in this pass")),
        guests,
        t -> other(t).map(Object.class::cast));
  }

  private HypervisorDriver connect(Hypervisor hypervisor) {
    HypervisorDriverFactory factory =
        factories.stream()
            .filter(f -> f.accepts(hypervisor.uri()))
            .findFirst()
            .orElseThrow(
                () ->
                    DriverException.terminal(
                        hypervisor.name() + ": no driver accepts the URI " + hypervisor.uri(),
                        null));
    HypervisorDriver driver = factory.connect(hypervisor);
    for (HypervisorDriverDecorator d : decorators) {
      driver = d.decorate(driver);
    }
    dev.ringmaster.driver.spi.ChangeListener changes = listener;
    if (changes != null) {
      driver.watch(changes);
    }
    return driver;
  }

  private static void closeQuietly(Object driver) {
    if (driver instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort: the registry is going away
      }
    }
  }

  @Override
  public void close() {
    open.values().forEach(c -> c.driver().close());
    open.clear();
    others.values().forEach(o -> o.ifPresent(DriverRegistry::closeQuietly));
    others.clear();
    if (guests != null) {
      guests.close();
    }
  }
}
