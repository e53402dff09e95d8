package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.HypervisorDriverDecorator;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * Passes of environments on one hypervisor plan concurrently; only their writes to it are bounded
 * (one writing pass at a time by default), and a pass whose hosts another pass wrote to after it
 * planned plans again before it writes. The real engine and daemon on {@code test:///default}, with
 * a decorator around the real libvirt driver that measures how many passes observe at once and how
 * many environments write at once.
 */
class ConcurrentPlanningTestDefaultTest {
  private static final String[] GROUPS = {"alpha", "bravo", "charlie", "delta"};

  @TempDir Path dir;

  @Test
  void passesOnOneHypervisorPlanConcurrentlyAndWriteOneAtATime() throws Exception {
    Connect libvirt = new Connect("test:///default");
    try (TestRemote remote = TestRemote.create(dir)) {
      remote.write("hosts/kvm01.yaml", host());
      for (int i = 0; i < GROUPS.length; i++) {
        remote.write("environments/" + GROUPS[i] + ".yaml", environment(GROUPS[i], 2 + 2 * i));
      }
      String commit = remote.commitAndPush("four environments on one hypervisor");
      Measuring measuring = new Measuring();
      MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
      try (SafetyDaemon d =
          new SafetyDaemon(dir.resolve("state"), remote, clock, false, List.of(measuring), 4)) {
        d.daemon.start();
        Eventually.until(
            "every environment converged",
            () -> {
              for (String g : GROUPS) {
                boolean done =
                    d.daemon
                        .environment(g + "-staging")
                        .map(
                            s ->
                                commit.equals(s.commit())
                                    && s.result() == PassResult.Result.APPLIED)
                        .orElse(false);
                if (!done) {
                  return false;
                }
              }
              return true;
            });
      }
      assertThat(measuring.writers.get()).as("environments writing at once, now").isZero();
      assertThat(measuring.maxObserving.get())
          .as("passes observing the hypervisor at once (planning)")
          .isGreaterThanOrEqualTo(2);
      // each environment converged in one applying pass: its writes form one block, not
      // interleaved with another environment's (single calls are serialized per host anyway)
      List<String> blocks = new java.util.ArrayList<>();
      for (String group : measuring.sequence) {
        if (blocks.isEmpty() || !blocks.get(blocks.size() - 1).equals(group)) {
          blocks.add(group);
        }
      }
      assertThat(blocks).as("environments' write blocks, in order").doesNotHaveDuplicates();
      List<String> expected = new java.util.ArrayList<>(List.of(GROUPS));
      expected.add("ringmaster"); // the host's shared networks, ringmaster-kvm01-fe and -srv
      assertThat(blocks).containsExactlyInAnyOrderElementsOf(expected);
      // every pass planned them missing; the passes that got the permit after the first wrote
      // them planned again and found them there
      assertThat(measuring.sequence.stream().filter("ringmaster"::equals))
          .as("network writes")
          .hasSize(2);
    } finally {
      libvirt.close();
    }
  }

  /** Counts overlapping observations and records which resource group each write is for. */
  private static final class Measuring implements HypervisorDriverDecorator {
    final AtomicInteger observing = new AtomicInteger();
    final AtomicInteger maxObserving = new AtomicInteger();
    final AtomicInteger writers = new AtomicInteger();
    final List<String> sequence =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public HypervisorDriver decorate(HypervisorDriver driver) {
      return new HypervisorDriver() {
        @Override
        public String host() {
          return driver.host();
        }

        @Override
        public HypervisorObservation observe() {
          maxObserving.accumulateAndGet(observing.incrementAndGet(), Math::max);
          try {
            pause(150); // widens the window in which concurrent planning shows
            return driver.observe();
          } finally {
            observing.decrementAndGet();
          }
        }

        @Override
        public void ensureNetwork(NetworkResource network) {
          write(network.name(), () -> driver.ensureNetwork(network));
        }

        @Override
        public void deleteNetwork(String name) {
          write(name, () -> driver.deleteNetwork(name));
        }

        @Override
        public void ensureVolume(VolumeResource volume) {
          write(volume.name(), () -> driver.ensureVolume(volume));
        }

        @Override
        public void writeSeed(String pool, String volume, byte[] image) {
          write(volume, () -> driver.writeSeed(pool, volume, image));
        }

        @Override
        public void deleteVolume(String pool, String name) {
          write(name, () -> driver.deleteVolume(pool, name));
        }

        @Override
        public void defineDomain(DomainResource domain) {
          write(domain.name(), () -> driver.defineDomain(domain));
        }

        @Override
        public void startDomain(String name) {
          write(name, () -> driver.startDomain(name));
        }

        @Override
        public void shutdownDomain(String name, Duration timeout) {
          write(name, () -> driver.shutdownDomain(name, timeout));
        }

        @Override
        public void deleteDomain(String name, Duration shutdownTimeout) {
          write(name, () -> driver.deleteDomain(name, shutdownTimeout));
        }

        @Override
        public void watch(dev.ringmaster.driver.spi.ChangeListener listener) {
          driver.watch(listener);
        }

        @Override
        public java.util.Optional<String> watchProblem() {
          return driver.watchProblem();
        }

        @Override
        public java.util.Optional<dev.ringmaster.driver.spi.BackupDriver> backups() {
          return driver.backups();
        }

        @Override
        public void close() {
          driver.close();
        }
      };
    }

    /** Runs a write of the object {@code name} (named after its resource group) and counts it. */
    private void write(String name, Runnable call) {
      writers.incrementAndGet();
      sequence.add(name.replaceAll("[^a-z].*$", ""));
      try {
        pause(20); // gives another pass's writes the chance to interleave, were they allowed to
        call.run();
      } finally {
        writers.decrementAndGet();
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String host() {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: kvm01\nuri: test:///default\n"
        + "storagePool: default-pool\ndomainType: qemu\nbridges: { fe: br-fe, srv: br-srv }\n"
        + "capacity: { memory: 64GiB, cores: 16 }\n";
  }

  private static String environment(String group, int vlan) {
    StringBuilder vms = new StringBuilder();
    for (int n = 0; n < 2; n++) {
      vms.append(
          String.format(
              "  - name: %s%02d\n    host: kvm01\n    memory: 1GiB\n    cores: 1\n"
                  + "    disk: 10GiB\n",
              group, n));
    }
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + group
        + "-staging\nresourceGroup: "
        + group
        + "\nlocation: whq\nnetworks:\n  fe:  { vlan: "
        + vlan
        + ", ipv4: 203.0.113."
        + vlan * 16
        + "/28, ipv6: \"2001:db8:"
        + vlan
        + "::/64\" }\n  srv: { vlan: "
        + (vlan + 1)
        + ", ipv4: 10."
        + vlan
        + ".0.0/24, ipv6: \"2001:db8:"
        + (vlan + 1)
        + "::/64\" }\nvms:\n"
        + vms;
  }
}
