package dev.ringmaster.reconciler.plan;

import static dev.ringmaster.reconciler.testing.Fleets.observedAsDesired;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.nixos.GuestPlatform;
import dev.ringmaster.driver.nixos.GuestResources;
import dev.ringmaster.driver.nixos.NixosDriverOptions;
import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.driver.spi.GuestObservation;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.validate.RoleCatalogue;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.desired.GuestResourceSource;
import dev.ringmaster.reconciler.observe.HostObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.testing.Fleets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A VM that names its database by the platform name {@code postgresql} gets the catalogue's default
 * version; when a test catalogue changes that default, the next plan shows the guest's roles moving
 * to the other version as a {@code restart} (last-applied recorded the version it resolved to),
 * never nothing, and drift stays empty.
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
  private static final Map<String, String> OTHER_DEFAULT =
      Map.of("postgresql", "postgresql15", "mysql", "mysql80");
  private static final Fleet FLEET =
      new Fleet(
          List.of(Fleets.hypervisor("kvm01", "test:///default", "vms")),
          List.of(Fleets.environment("myapp-prod", "myapp", List.of(DB))));

  @Test
  void theInstalledDefaultPlansNothing() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    assertThat(installed.roles()).containsExactly("postgresql16");
    assertThat(guestChange(RoleCatalogue.DEFAULTS, installed, true)).isEqualTo("NO_OP live");
  }

  @Test
  void aLastAppliedWithoutRecordedAttributesPlansNothingForAnUnchangedGuest() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    assertThat(guestChange(RoleCatalogue.DEFAULTS, installed, false)).isEqualTo("NO_OP live");
  }

  @Test
  void aChangedDefaultIsAPlannedRestartOfTheGuest() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    assertThat(render(OTHER_DEFAULT).platformRoles()).containsEntry("postgresql", "postgresql15");
    assertThat(guestChange(OTHER_DEFAULT, installed, true))
        .startsWith("UPDATE restart ")
        .contains(GuestAttributes.CONFIG_HASH + " " + installed.contentHash() + " -> ")
        .contains("roles postgresql → postgresql16 -> postgresql → postgresql15")
        .contains(
            "role version postgresql16 → postgresql15: the service stops and starts on the other"
                + " major version, its data must be migrated (the catalogue's default for"
                + " postgresql changed)");
  }

  @Test
  void withoutARecordedVersionTheChangeIsStillPlannedAndShown() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    assertThat(guestChange(OTHER_DEFAULT, installed, false))
        .startsWith("UPDATE live ")
        .contains("roles (none) -> postgresql → postgresql15");
  }

  @Test
  void aChangedDefaultIsNotDrift() {
    HostConfig installed = render(RoleCatalogue.DEFAULTS);
    DriftReport drift =
        Planner.drift(
            "c1", desired(OTHER_DEFAULT), observation(OTHER_DEFAULT, installed), applied());
    assertThat(drift.isEmpty()).as(drift.toString()).isTrue();
  }

  private static HostConfig render(Map<String, String> defaults) {
    return HostConfigRenderer.render(
        FLEET, FLEET.environment("myapp-prod").orElseThrow(), DB, defaults);
  }

  /** The guest's planned change with the given catalogue, the guest running {@code installed}. */
  private static String guestChange(
      Map<String, String> defaults, HostConfig installed, boolean recorded) {
    Plan plan =
        Planner.plan(
            "c1",
            desired(defaults),
            observation(defaults, installed),
            recorded ? applied() : LastApplied.empty());
    return plan.changes().stream()
        .filter(c -> c.resource().kind() == ResourceKind.GUEST)
        .map(c -> (c.action() + " " + c.impact().key() + " " + c.reason()).strip())
        .findFirst()
        .orElse("none");
  }

  private static DesiredState desired(Map<String, String> defaults) {
    NixosDriverOptions options =
        NixosDriverOptions.defaults(Path.of("/nonexistent/key"), Path.of("/nonexistent/hosts"));
    GuestResourceSource source =
        (fleet, env, vm) ->
            Optional.of(
                GuestResources.desired(
                    fleet, env, vm, options, GuestPlatform.NOT_OBSERVED, defaults));
    return DesiredState.of(FLEET, Set.of(), source);
  }

  private static Observation observation(Map<String, String> defaults, HostConfig installed) {
    SortedMap<String, HostObservation> hosts = new TreeMap<>();
    hosts.put(
        "kvm01", new HostObservation.Reachable(observedAsDesired("kvm01", desired(defaults))));
    SortedMap<String, GuestObservation> guests = new TreeMap<>();
    guests.put(
        "myapp00",
        new GuestObservation(
            "myapp00", installed.contentHash(), "gen", GuestResources.accounts(installed)));
    return new Observation(hosts, guests, new TreeMap<>());
  }

  /** Last-applied as a pass with the installed catalogue recorded it. */
  private static LastApplied applied() {
    return LastApplied.of(
        desired(RoleCatalogue.DEFAULTS).resources().values().stream()
            .map(r -> new AppliedRecord(r.id(), r.attributes(), r.environment(), "c0", null))
            .toList());
  }
}
