package dev.ringmaster.reconciler.plan;

import static dev.ringmaster.reconciler.testing.Fleets.observedAsDesired;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.GuestTarget;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.validate.RoleCatalogue;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.testing.Fleets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A VM that names its database by the platform name {@code postgresql} gets the catalogue's default
 * version; when a test catalogue changes that default, the next plan shows a guest update, never
 * nothing.
 */
class PlatformRoleDefaultPlanTest {
  private static final VmSpec DB =
      new VmSpec(
          "myapp00",
          "kvm01",
          Size.gib(4),
          2,
          Size.gib(30),
          null,
          null,
          List.of("postgresql"),
          true,
          Map.of(),
          false,
          null);
  private static final Fleet FLEET =
      new Fleet(
          List.of(Fleets.hypervisor("kvm01", "test:///default", "vms")),
          List.of(Fleets.environment("myapp-prod", "myapp", List.of(DB))));

  @Test
  void theInstalledDefaultPlansNothing() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    assertThat(installed.roles()).containsExactly("postgresql16");
    assertThat(guestChange(RoleCatalogue.DEFAULTS, installed)).startsWith("NO_OP");
  }

  @Test
  void aChangedDefaultIsAPlannedGuestUpdate() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    Map<String, String> testCatalogue = Map.of("postgresql", "postgresql15", "mysql", "mysql80");
    assertThat(render(testCatalogue).platformRoles()).containsEntry("postgresql", "postgresql15");
    assertThat(guestChange(testCatalogue, installed))
        .startsWith("UPDATE live")
        .contains(GuestAttributes.CONFIG_HASH + " " + installed.contentHash() + " -> ");
  }

  private static HostConfig render(Map<String, String> defaults) {
    return HostConfigRenderer.render(
        FLEET, FLEET.environment("myapp-prod").orElseThrow(), DB, defaults);
  }

  /** The guest's planned change with the given catalogue, the guest running {@code installed}. */
  private static String guestChange(Map<String, String> defaults, HostConfig installed) {
    GuestResourceSource source =
        (fleet, env, vm) -> {
          HostConfig c = HostConfigRenderer.render(fleet, env, vm, defaults);
          return Optional.of(
              new GuestResource(
                  vm.host(),
                  vm.name(),
                  env.name(),
                  new GuestTarget(vm.name(), "127.0.0.1", 22, "root"),
                  HostConfigJson.toJson(c),
                  c.contentHash(),
                  GuestResources.accounts(c)));
        };
    DesiredState desired = DesiredState.of(FLEET, Set.of(), source);
    SortedMap<String, HostObservation> hosts = new TreeMap<>();
    hosts.put("kvm01", new HostObservation.Reachable(observedAsDesired("kvm01", desired)));
    SortedMap<String, GuestObservation> guests = new TreeMap<>();
    guests.put(
        "myapp00",
        new GuestObservation(
            "myapp00", installed.contentHash(), "gen", GuestResources.accounts(installed)));
    Plan plan =
        Planner.plan(
            "c1", desired, new Observation(hosts, guests, new TreeMap<>()), LastApplied.empty());
    return plan.changes().stream()
        .filter(c -> c.resource().kind() == ResourceKind.GUEST)
        .map(
            c ->
                c.action()
                    + " "
                    + c.impact().key()
                    + " "
                    + Differences.describe(c.before(), c.after()))
        .findFirst()
        .orElse("none");
  }
}
