package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.HypervisorObservation;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.ObservedDomain;
import dev.ringmaster.driver.spi.ObservedNetwork;
import dev.ringmaster.driver.spi.ObservedVolume;
import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.model.Size;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.observe.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** One evaluation of {@link Planner#plan}: desired resources first, then owned leftovers. */
final class PlanComputation {
  private static final Comparator<Change> DELETION_ORDER =
      Comparator.comparing((Change c) -> c.resource().kind())
          .reversed()
          .thenComparing(c -> c.resource().host())
          .thenComparing(c -> c.resource().name());

  private final DesiredState desired;
  private final Observation observed;
  private final LastApplied lastApplied;
  private final Scope scope;
  private final List<Change> changes = new ArrayList<>();
  private final List<Refusal> refused = new ArrayList<>();
  private final SortedMap<String, String> unreachable = new TreeMap<>();

  PlanComputation(DesiredState desired, Observation observed, LastApplied lastApplied) {
    this.desired = desired;
    this.observed = observed;
    this.lastApplied = lastApplied;
    this.scope = new Scope(desired, observed, lastApplied);
  }

  Plan plan(String commit) {
    for (DesiredResource r : desired.resources().values()) {
      boolean allowed =
          r.environment().isEmpty()
              ? scope.mayTouchShared(r.id())
              : scope.mayTouch(r.id(), r.environment());
      if (allowed) {
        planDesired(r, observed.reachable(r.id().host()).orElseThrow());
      }
    }
    List<Change> deletions = new Leftovers(desired, observed, lastApplied, scope).deletions();
    deletions.sort(DELETION_ORDER);
    changes.addAll(deletions);
    unreachable.putAll(scope.unreachable());
    return new Plan(commit, changes, refused, unreachable);
  }

  private void planDesired(DesiredResource r, HypervisorObservation host) {
    if (r instanceof NetworkResource n) {
      planNetwork(n, host);
    } else if (r instanceof VolumeResource v) {
      planVolume(v, host);
    } else if (r instanceof SeedResource s) {
      changes.add(SeedPlanning.plan(s, host, lastApplied.get(s.id())));
    } else if (r instanceof DomainResource d) {
      planDomain(d, host);
    } else if (r instanceof GuestResource g) {
      planGuest(g);
    }
  }

  private void planNetwork(NetworkResource n, HypervisorObservation host) {
    Optional<ObservedNetwork> found =
        host.networks().stream().filter(o -> o.name().equals(n.name())).findFirst();
    if (found.isEmpty()) {
      create(n);
    } else if (!Scope.ownedHere(found.get().owner(), n.host())) {
      refuse(n, "network " + n.name() + " exists and is not Ringmaster's on this hypervisor");
    } else {
      SortedMap<String, String> before = found.get().attributes();
      Impact impact = before.get("bridge").equals(n.bridge()) ? Impact.LIVE : Impact.RESTART;
      compare(n, before, impact);
    }
  }

  private void planVolume(VolumeResource v, HypervisorObservation host) {
    Optional<ObservedVolume> found =
        host.volumes().stream()
            .filter(o -> o.pool().equals(v.pool()) && o.name().equals(v.name()))
            .findFirst();
    Optional<Size> applied = lastAppliedCapacity(v);
    if (applied.isPresent() && v.capacity().compareTo(applied.get()) < 0) {
      refuse(v, shrinkMessage(v, applied.get(), "last applied"));
    } else if (found.isEmpty()) {
      create(v);
    } else if (v.capacity().compareTo(found.get().capacity()) < 0) {
      refuse(v, shrinkMessage(v, found.get().capacity(), "existing"));
    } else {
      compare(v, found.get().attributes(), Impact.LIVE);
    }
  }

  private Optional<Size> lastAppliedCapacity(VolumeResource v) {
    return lastApplied.get(v.id()).map(r -> r.attributes().get("capacity")).flatMap(Size::parse);
  }

  private static String shrinkMessage(VolumeResource v, Size existing, String which) {
    return "capacity "
        + v.capacity()
        + " is smaller than the "
        + which
        + " "
        + existing
        + "; disks only ever grow";
  }

  private void planDomain(DomainResource d, HypervisorObservation host) {
    Optional<ObservedDomain> found =
        host.domains().stream().filter(o -> o.name().equals(d.name())).findFirst();
    if (found.isEmpty()) {
      create(d);
    } else if (!Scope.ownedHere(found.get().owner(), d.host())) {
      refuse(d, "domain " + d.name() + " exists and is not Ringmaster's on this hypervisor");
    } else {
      compare(d, found.get().attributes(), domainImpact(d, found.get()));
    }
  }

  private static Impact domainImpact(DomainResource d, ObservedDomain o) {
    SortedMap<String, String> want = new TreeMap<>(d.attributes());
    SortedMap<String, String> have = new TreeMap<>(o.attributes());
    want.remove("running");
    have.remove("running");
    boolean configChanged = !want.equals(have);
    return configChanged && o.running() && d.running() ? Impact.RESTART : Impact.LIVE;
  }

  private void planGuest(GuestResource g) {
    Optional<String> down = observed.guestUnreachable(g.vm());
    if (down.isPresent()) {
      planUnreachableGuest(g, down.get());
      return;
    }
    Optional<GuestObservation> found = observed.guest(g.vm());
    if (found.isEmpty() || found.get().configHash() == null) {
      create(g);
      return;
    }
    SortedMap<String, String> before = found.get().attributes();
    List<String> removed = GuestAttributes.removedServiceUsers(g.accounts(), found.get().users());
    if (before.equals(g.attributes())) {
      compare(g, before, Impact.LIVE);
    } else {
      guestUpdate(g, before, removed, Differences.describe(before, g.attributes()));
    }
  }

  /**
   * An unreachable guest is listed as such; it is planned only when its config is not the one last
   * applied (apply then retries it), never created afresh on every pass.
   */
  private void planUnreachableGuest(GuestResource g, String why) {
    unreachable.put(g.id().toString(), why);
    SortedMap<String, String> last =
        lastApplied.get(g.id()).map(AppliedRecord::attributes).orElseGet(TreeMap::new);
    if (last.equals(g.attributes())) {
      return;
    }
    List<String> removed = GuestChanges.removedServiceUsers(last, g.attributes());
    guestUpdate(
        g,
        last,
        removed,
        last.isEmpty()
            ? "never configured, not answering yet (booting?: "
                + why
                + "); apply waits for it up to the boot timeout"
            : "guest unreachable ("
                + why
                + "); apply retries it; vs last applied: "
                + Differences.describe(last, g.attributes()));
  }

  private void guestUpdate(
      GuestResource g, SortedMap<String, String> before, List<String> removed, String why) {
    Impact impact = removed.isEmpty() ? Impact.LIVE : Impact.DESTRUCTIVE;
    String reason = removed.isEmpty() ? why : why + "; " + GuestChanges.removalNote(removed);
    changes.add(
        new Change(
            g.id(), g.environment(), Action.UPDATE, impact, before, g.attributes(), g, reason));
  }

  private void create(DesiredResource r) {
    changes.add(
        new Change(
            r.id(),
            r.environment(),
            Action.CREATE,
            Impact.LIVE,
            new TreeMap<>(),
            r.attributes(),
            r,
            "missing"));
  }

  private void compare(DesiredResource r, SortedMap<String, String> before, Impact impact) {
    SortedMap<String, String> after = r.attributes();
    boolean equal = before.equals(after);
    changes.add(
        new Change(
            r.id(),
            r.environment(),
            equal ? Action.NO_OP : Action.UPDATE,
            equal ? Impact.LIVE : impact,
            before,
            after,
            r,
            equal ? "" : Differences.describe(before, after)));
  }

  private void refuse(DesiredResource r, String reason) {
    refused.add(new Refusal(r.id(), r.environment(), reason));
  }
}
