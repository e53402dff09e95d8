package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.SeedResource;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans and observes a VM's first-boot seed. The seed volume's content cannot be read cheaply, so
 * the last-applied record stands for it while the volume exists. Impact rules: cloud-init reads a
 * seed once per instance id, so a changed seed of a VM that exists is recorded but not rewritten
 * (it takes effect when the VM is re-created; the guest driver keeps the live configuration
 * converged); a missing seed is written with a fresh host key and pin. Pure.
 */
public final class SeedPlanning {
  static final String RECORD_ONLY =
      "cloud-init reads the seed once per instance id: a changed seed takes effect only when the VM"
          + " is re-created (the guest driver keeps the live configuration converged); recorded,"
          + " the volume is not rewritten";

  private SeedPlanning() {}

  public static Change plan(
      SeedResource s, HypervisorObservation host, Optional<AppliedRecord> recorded) {
    boolean volume = volume(s.pool(), s.volume(), host).isPresent();
    boolean domain = host.domain(s.vm()).isPresent();
    if (!volume) {
      return domain
          ? change(
              s,
              Action.CREATE,
              new TreeMap<>(),
              s.forExistingVm(),
              "seed volume missing, VM exists: written with a fresh host key; a key already pinned"
                  + " for the VM is kept (a guest that runs cloud-init presents the new key from"
                  + " its next boot and is then refused until its pin is replaced)")
          : create(s, "missing");
    }
    if (recorded.isEmpty()) {
      return domain
          ? change(s, Action.NO_OP, s.attributes(), s, "")
          : create(s, "seed written before its VM was defined and not recorded: rewritten");
    }
    SortedMap<String, String> before = recorded.get().attributes();
    if (before.equals(s.attributes())) {
      return change(s, Action.NO_OP, before, s, "");
    }
    String diff = Differences.describe(before, s.attributes());
    return domain
        ? change(s, Action.UPDATE, before, s.recordOnly(), diff + "; " + RECORD_ONLY)
        : change(s, Action.UPDATE, before, s, diff + "; VM not defined yet: seed rewritten");
  }

  /** What drift sees of a recorded seed: its record while the volume exists, else nothing. */
  public static Optional<SortedMap<String, String>> live(
      AppliedRecord r, HypervisorObservation host) {
    return live(r.attributes(), host);
  }

  /** What drift sees of a seed last applied with {@code recorded}. */
  public static Optional<SortedMap<String, String>> live(
      SortedMap<String, String> recorded, HypervisorObservation host) {
    String pool = recorded.get("pool");
    String volume = recorded.get("volume");
    if (pool == null || volume == null) {
      return Optional.empty();
    }
    return volume(pool, volume, host).map(v -> recorded);
  }

  private static Optional<ObservedVolume> volume(
      String pool, String name, HypervisorObservation host) {
    return host.volume(pool, name);
  }

  private static Change create(SeedResource s, String reason) {
    return change(s, Action.CREATE, new TreeMap<>(), s, reason);
  }

  private static Change change(
      SeedResource s,
      Action action,
      SortedMap<String, String> before,
      SeedResource desired,
      String reason) {
    return new Change(
        s.id(), s.environment(), action, Impact.LIVE, before, s.attributes(), desired, reason);
  }
}
