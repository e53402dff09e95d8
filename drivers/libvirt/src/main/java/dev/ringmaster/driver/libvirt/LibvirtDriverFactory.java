package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverFactory;
import dev.ringmaster.model.Hypervisor;
import java.util.regex.Pattern;
import org.libvirt.LibvirtException;

/**
 * Opens {@link LibvirtDriver}s for libvirt URIs ({@code test:}, {@code qemu:}, {@code qemu+ssh:},
 * {@code qemu+libssh:}, {@code qemu+tcp:}, {@code qemu+tls:}, {@code qemu+unix:} ...). Registered
 * with {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class LibvirtDriverFactory implements HypervisorDriverFactory {
  /** Every how many observe passes the driver re-reads all domain and network XML. */
  public static final int FULL_REFRESH_EVERY = 10;

  private static final Pattern URI =
      Pattern.compile("^(test|qemu|kvm)(\\+(ssh|libssh|libssh2|tcp|tls|unix|ext))?:/.*");

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
    try {
      return new LibvirtDriver(hypervisor, new RawConnect(hypervisor.uri()), FULL_REFRESH_EVERY);
    } catch (LibvirtException e) {
      throw DriverException.transientFailure(
          hypervisor.name() + ": cannot connect to " + hypervisor.uri() + ": " + e.getMessage(), e);
    }
  }
}
