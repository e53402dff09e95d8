package dev.ringmaster.reconciler.engine;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorDriverFactory;
import dev.ringmaster.model.Hypervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens and keeps one {@link HypervisorDriver} per hypervisor name, from the first {@link
 * HypervisorDriverFactory} that accepts its URI (found with {@link ServiceLoader} unless given). A
 * hypervisor whose URI changed is reconnected. Every opened driver passes through the registered
 * {@link HypervisorDriverDecorator}s (none in production; tests add fault injection). Thread-safe;
 * closing closes every driver.
 */
public final class DriverRegistry implements AutoCloseable {
  private final List<HypervisorDriverFactory> factories;
  private final GuestDriver guests;
  private final DnsDriver dns;
  private final List<HypervisorDriverDecorator> decorators;
  private final Map<String, Connected> open = new ConcurrentHashMap<>();

  private record Connected(String uri, HypervisorDriver driver) {}

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
    this(factories, guests, decorators, null);
  }

  /**
   * @param guests the guest driver; null when guests are not managed
   * @param decorators wrap every hypervisor driver, in order
   * @param dns the DNS driver; null when DNS names are not managed
   */
  public DriverRegistry(
      List<HypervisorDriverFactory> factories,
      GuestDriver guests,
      List<HypervisorDriverDecorator> decorators,
      DnsDriver dns) {
    this.factories = List.copyOf(factories);
    this.guests = guests;
    this.decorators = List.copyOf(decorators);
    this.dns = dns;
  }

  /** The factories registered with {@link ServiceLoader}, no guest driver. */
  public static DriverRegistry fromServiceLoader() {
    return fromServiceLoader(null);
  }

  public static DriverRegistry fromServiceLoader(GuestDriver guests) {
    List<HypervisorDriverFactory> found = new ArrayList<>();
    ServiceLoader.load(HypervisorDriverFactory.class).forEach(found::add);
    List<HypervisorDriverDecorator> decorators = new ArrayList<>();
    ServiceLoader.load(HypervisorDriverDecorator.class).forEach(decorators::add);
    DnsDriver dns = ServiceLoader.load(DnsDriver.class).findFirst().orElse(null);
    return new DriverRegistry(found, guests, decorators, dns);
  }

  /** The connected driver of {@code hypervisor}; connects on first use. */
  public HypervisorDriver driver(Hypervisor hypervisor) {
    Connected c =
        open.compute(
            hypervisor.name(),
            (name, existing) -> {
              if (existing != null && existing.uri().equals(hypervisor.uri())) {
                return existing;
              }
              if (existing != null) {
                existing.driver().close();
              }
              return new Connected(hypervisor.uri(), connect(hypervisor));
            });
    return c.driver();
  }

  /** The already connected driver of a hypervisor, by name. */
  public Optional<HypervisorDriver> connected(String host) {
    return Optional.ofNullable(open.get(host)).map(Connected::driver);
  }

  public Optional<GuestDriver> guestDriver() {
    return Optional.ofNullable(guests);
  }

  /** The DNS driver ({@link ServiceLoader}); empty when none is installed. */
  public Optional<DnsDriver> dnsDriver() {
    return Optional.ofNullable(dns);
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
    return driver;
  }

  @Override
  public void close() {
    open.values().forEach(c -> c.driver().close());
    open.clear();
    if (guests != null) {
      guests.close();
    }
    if (dns != null) {
      dns.close();
    }
  }
}
