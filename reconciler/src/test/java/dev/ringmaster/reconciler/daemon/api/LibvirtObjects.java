package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;

/**
 * What a {@link LibvirtdFixture} holds, read through a libvirt-java connection of the test's own
 * (not Ringmaster's driver), and a wipe between test cases. Test helper; not thread-safe.
 */
record LibvirtObjects(LibvirtdFixture libvirtd) {

  /** Names of every domain, defined or running; a list so that a duplicate would show. */
  List<String> domains() {
    return call(
        c -> {
          List<String> names = new ArrayList<>(Arrays.asList(c.listDefinedDomains()));
          for (int id : c.listDomains()) {
            names.add(c.domainLookupByID(id).getName());
          }
          return names;
        });
  }

  Set<String> runningDomains() {
    return call(
        c -> {
          Set<String> names = new TreeSet<>();
          for (int id : c.listDomains()) {
            names.add(c.domainLookupByID(id).getName());
          }
          return names;
        });
  }

  List<String> volumes() {
    return call(
        c -> {
          StoragePool pool = c.storagePoolLookupByName(LibvirtdFixture.POOL);
          pool.refresh(0);
          return List.of(pool.listVolumes());
        });
  }

  List<String> networks() {
    return call(
        c -> {
          List<String> names = new ArrayList<>(Arrays.asList(c.listNetworks()));
          names.addAll(Arrays.asList(c.listDefinedNetworks()));
          return names;
        });
  }

  /** Removes every domain, every volume of the pool and the networks not in {@code keep}. */
  void wipe(Set<String> keep) {
    call(
        c -> {
          for (String name : domains()) {
            Domain d = c.domainLookupByName(name);
            if (d.isActive() == 1) {
              d.destroy();
            }
            d.undefine();
          }
          StoragePool pool = c.storagePoolLookupByName(LibvirtdFixture.POOL);
          pool.refresh(0);
          for (String name : pool.listVolumes()) {
            pool.storageVolLookupByName(name).delete(0);
          }
          for (String name : networks()) {
            if (!keep.contains(name)) {
              Network n = c.networkLookupByName(name);
              if (n.isActive() == 1) {
                n.destroy();
              }
              n.undefine();
            }
          }
          return null;
        });
  }

  private interface Call<T> {
    T on(Connect connect) throws LibvirtException;
  }

  private <T> T call(Call<T> call) {
    try {
      Connect c = libvirtd.connect();
      try {
        return call.on(c);
      } finally {
        c.close();
      }
    } catch (LibvirtException e) {
      throw new IllegalStateException("libvirt: " + e.getMessage(), e);
    }
  }
}
