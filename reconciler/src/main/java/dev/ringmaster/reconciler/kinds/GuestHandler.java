package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Differences;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration inside a guest (host config JSON plus activation), through the guest driver
 * found with {@link java.util.ServiceLoader}. Runs last in its VM's chain, only when the domain
 * runs; a removed service user makes the change {@code destructive}, a versioned role (a database)
 * moved to another version {@code restart}. An unreachable guest is listed as such and planned only
 * when its config differs from the one last applied.
 */
public final class GuestHandler implements ResourceKindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.GUEST;
  }

  @Override
  public String driverName() {
    return "nixos";
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed
        .guest(id.name())
        .map(g -> GuestAttributes.withRecorded(g.attributes(), lastApplied));
  }

  @Override
  public boolean looked(ResourceId id, Observation observed) {
    return observed.guest(id.name()).isPresent();
  }

  @Override
  public Optional<String> unanswered(ResourceId id, Observation observed) {
    return observed.guestUnreachable(id.name());
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    GuestResource g = (GuestResource) desired;
    Optional<String> down = observed.guestUnreachable(g.vm());
    if (down.isPresent()) {
      return unreachable(g, down.get(), lastApplied);
    }
    Optional<GuestObservation> found = observed.guest(g.vm());
    if (found.isEmpty() || found.get().configHash() == null) {
      return Planned.create(g);
    }
    SortedMap<String, String> before =
        GuestAttributes.withRecorded(found.get().attributes(), lastAttributes(g, lastApplied));
    List<String> removed = GuestAttributes.removedServiceUsers(g.accounts(), found.get().users());
    if (GuestAttributes.observable(before).equals(GuestAttributes.observable(g.attributes()))) {
      return Planned.compare(g, g.attributes(), Impact.LIVE);
    }
    return update(g, before, removed, Differences.describe(before, g.attributes()));
  }

  private static Planned unreachable(GuestResource g, String why, LastApplied lastApplied) {
    SortedMap<String, String> last = lastAttributes(g, lastApplied);
    if (GuestAttributes.observable(last).equals(GuestAttributes.observable(g.attributes()))) {
      return Planned.nothing().unreachableBecause(why);
    }
    List<String> removed = GuestChanges.removedServiceUsers(last, g.attributes());
    return update(
            g,
            last,
            removed,
            "guest unreachable ("
                + why
                + "); apply retries it; vs last applied: "
                + Differences.describe(last, g.attributes()))
        .unreachableBecause(why);
  }

  private static SortedMap<String, String> lastAttributes(
      GuestResource g, LastApplied lastApplied) {
    return lastApplied.get(g.id()).map(AppliedRecord::attributes).orElseGet(TreeMap::new);
  }

  /**
   * A guest update: {@code destructive} when it removes service users, {@code restart} when it
   * moves a versioned role (a database) to another version, else {@code live}.
   */
  private static Planned update(
      GuestResource g, SortedMap<String, String> before, List<String> removed, String why) {
    Impact impact = Impact.LIVE;
    String reason = why;
    List<String> versions = GuestChanges.roleVersionChanges(before, g.attributes());
    if (!versions.isEmpty()) {
      impact = Impact.RESTART;
      reason = reason + "; " + GuestChanges.versionNote(versions, before, g.attributes());
    }
    if (!removed.isEmpty()) {
      impact = Impact.DESTRUCTIVE;
      reason = reason + "; " + GuestChanges.removalNote(removed);
    }
    return Planned.update(g, before, impact, reason);
  }

  @Override
  public boolean hypervisorBound() {
    return false;
  }

  @Override
  public boolean needsRunningDomain() {
    return true;
  }

  @Override
  public boolean carriesAccounts() {
    return true;
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    if (change.action() == Action.DELETE) {
      return;
    }
    GuestDriver guests =
        drivers
            .guests()
            .orElseThrow(() -> DriverException.terminal("no guest driver is configured", null));
    GuestResource g = (GuestResource) change.desired();
    if (change.impact() == Impact.DESTRUCTIVE) {
      GuestChanges.removedServiceUsers(change)
          .forEach(u -> guests.removeServiceHome(g.target(), u));
    }
    if (change.before().isEmpty()) {
      guests.awaitBoot(g.target());
    }
    ActivationResult result = guests.apply(g.target(), g.hostConfigJson(), g.configHash());
    if (!result.success()) {
      throw DriverException.terminal(
          "activation failed with status "
              + result.exitStatus()
              + (result.rolledBack() ? " (rolled back)" : "")
              + ": "
              + result.outputTail(),
          null);
    }
  }

  @Override
  public void observeApplied(DesiredResource desired, ObservationBuilder live) {
    GuestResource g = (GuestResource) desired;
    live.guest(new GuestObservation(g.vm(), g.configHash(), "", g.accounts()));
  }
}
