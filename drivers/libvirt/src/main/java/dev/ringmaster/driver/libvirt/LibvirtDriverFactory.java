package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverFactory;
import dev.ringmaster.driver.spi.HypervisorSettings;
import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.validate.HypervisorUris;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.libvirt.LibvirtException;

/**
 * Opens {@link LibvirtDriver}s for libvirt URIs ({@code test:}, {@code qemu:}, {@code qemu+ssh:},
 * {@code qemu+libssh:}, {@code qemu+tls:}, {@code qemu+unix:} ...). {@code qemu+libssh:} URIs are
 * opened with the host key pinned ({@link PinnedSshConnect}); forms that skip the host check
 * ({@link HypervisorUris#problem}) are refused. Registered with {@link java.util.ServiceLoader}.
 * Immutable and thread-safe.
 */
public final class LibvirtDriverFactory implements HypervisorDriverFactory {
  /** Every how many observe passes the driver re-reads all domain and network XML. */
  public static final int FULL_REFRESH_EVERY = 10;

  private static final Pattern URI =
      Pattern.compile("^(test|qemu|kvm)(\\+(ssh|libssh|libssh2|tcp|tls|unix|ext))?:/.*");

  private static final System.Logger LOG = System.getLogger(LibvirtDriverFactory.class.getName());
  private final HypervisorSettings settings;

  public LibvirtDriverFactory() {
    this(HypervisorSettings.defaults());
  }

  public LibvirtDriverFactory(HypervisorSettings settings) {
    this.settings = settings;
  }

  @Override
  public LibvirtDriverFactory configure(HypervisorSettings newSettings) {
    return new LibvirtDriverFactory(newSettings);
  }

  @Override
  public String name() {
    return "libvirt";
  }

  @Override
  public boolean accepts(String uri) {
    return uri != null && URI.matcher(uri).matches();
  }

  @Override
  public HypervisorDriver connect(Hypervisor hypervisor) {
    return open(hypervisor);
  }

  /** As {@link #connect} with the concrete type, for callers that read {@code calls()}. */
  public LibvirtDriver open(Hypervisor hypervisor) {
    HypervisorUris.problem(hypervisor.uri())
        .ifPresent(
            p -> {
              throw DriverException.terminal(
                  hypervisor.name() + ": refusing " + hypervisor.uri() + ": " + p.message(), null);
            });
    HypervisorUris.warning(hypervisor.uri())
        .ifPresent(
            p ->
                LOG.log(
                    System.Logger.Level.WARNING,
                    hypervisor.name() + ": " + p.message() + "; " + p.hint()));
    Supplier<RawConnect> opener = () -> connection(hypervisor);
    return new LibvirtDriver(hypervisor, opener.get(), FULL_REFRESH_EVERY, opener);
  }

  /** A new connection to {@code hypervisor}, its host key verified when the URI pins one. */
  private RawConnect connection(Hypervisor hypervisor) {
    try {
      return HypervisorUris.pinsHostKey(hypervisor.uri())
          ? PinnedSshConnect.open(hypervisor, settings)
          : new RawConnect(hypervisor.uri());
    } catch (LibvirtException e) {
      throw DriverException.transientFailure(
          hypervisor.name() + ": cannot connect to " + hypervisor.uri() + ": " + e.getMessage(), e);
    }
  }
}
