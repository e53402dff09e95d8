package dev.ringmaster.reconciler.testing;

import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * What a {@link LibvirtdFixture} holds, read straight from libvirt through a connection of the
 * test's own (not Ringmaster's driver), and a wipe that brings it back to an empty pool between
 * test cases. Each call opens its own connection. Test helper; not thread-safe.
 */
public record LibvirtView(LibvirtdFixture libvirtd) {
  private static final Duration POLL = Duration.ofMillis(500);

  /** A domain as libvirt reports it: running or not, live and persistent memory in KiB. */
  public record DomainFacts(boolean running, long liveMemoryKib, String persistentXml) {}

  /** Every domain, running or defined, by name; a list so that a duplicate would show. */
  public List<String> domains() {
    return withConnection(
        c -> {
          List<String> names = new ArrayList<>(Arrays.asList(c.listDefinedDomains()));
          for (int id : c.listDomains()) {
            names.add(c.domainLookupByID(id).getName());
          }
          return names;
        });
  }

  /** The running domains' names. */
  public Set<String> runningDomains() {
    return withConnection(
        c -> {
          Set<String> names = new TreeSet<>();
          for (int id : c.listDomains()) {
            names.add(c.domainLookupByID(id).getName());
          }
          return names;
        });
  }

  public Optional<DomainFacts> domain(String name) {
    return withConnection(
        c -> {
          if (!domains().contains(name)) {
            return Optional.empty();
          }
          Domain d = c.domainLookupByName(name);
          DomainInfo info = d.getInfo();
          return Optional.of(
              new DomainFacts(
                  d.isActive() == 1, info.maxMem, d.getXMLDesc(Domain.XMLFlags.INACTIVE)));
        });
  }

  /** The capacity of the disk {@code target} (vda, ...) as the running domain's QEMU sees it. */
  public long blockCapacity(String domain, String target) {
    return withConnection(c -> c.domainLookupByName(domain).blockInfo(target).getCapacity());
  }

  /** Every volume of the fixture's pool with its capacity in bytes, by name. */
  public Map<String, Long> volumes() {
    return withConnection(
        c -> {
          StoragePool pool = c.storagePoolLookupByName(LibvirtdFixture.POOL);
          pool.refresh(0);
          Map<String, Long> out = new TreeMap<>();
          for (String name : pool.listVolumes()) {
            out.put(name, pool.storageVolLookupByName(name).getInfo().capacity);
          }
          return out;
        });
  }

  /** Every network, active or defined. */
  public List<String> networks() {
    return withConnection(
        c -> {
          List<String> names = new ArrayList<>(Arrays.asList(c.listNetworks()));
          names.addAll(Arrays.asList(c.listDefinedNetworks()));
          return names;
        });
  }

  /**
   * Destroys and undefines every domain and the networks {@code removeNetwork} accepts, and deletes
   * every volume of the pool.
   */
  public void wipe(Predicate<String> removeNetwork) {
    withConnection(
        c -> {
          for (String name : domains()) {
            Domain d = c.domainLookupByName(name);
            if (d.isActive() == 1) {
              d.destroy();
            }
            d.undefine();
          }
          for (String name : networks().stream().filter(removeNetwork).toList()) {
            Network n = c.networkLookupByName(name);
            if (n.isActive() == 1) {
              n.destroy();
            }
            n.undefine();
          }
          StoragePool pool = c.storagePoolLookupByName(LibvirtdFixture.POOL);
          pool.refresh(0);
          for (String name : pool.listVolumes()) {
            StorageVol v = pool.storageVolLookupByName(name);
            v.delete(0);
          }
          return null;
        });
  }

  /** Waits until the domain's serial console log holds {@code line}. */
  public void awaitSerialLine(String domain, String line, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!serialLog(domain).contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            domain
                + " did not print "
                + line
                + " within "
                + timeout
                + "; console:\n"
                + serialLog(domain));
      }
      sleep();
    }
  }

  public String serialLog(String domain) {
    return read(libvirtd.serialLog(domain));
  }

  /** libvirt's own log of a domain's QEMU process (start and stop reasons). */
  public String qemuLog(String domain) {
    return read(libvirtd.dir().resolve("log/qemu/" + domain + ".log"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface LibvirtCall<T> {
    T call(Connect c) throws LibvirtException;
  }

  private <T> T withConnection(LibvirtCall<T> call) {
    try {
      Connect c = libvirtd.connect();
      try {
        return call.call(c);
      } finally {
        c.close();
      }
    } catch (LibvirtException e) {
      throw new IllegalStateException("libvirt at " + libvirtd.uri() + ": " + e.getMessage(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
