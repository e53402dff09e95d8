package dev.ringmaster.model.hostconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.validate.RoleCatalogue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Platform role names resolve to the catalogue's default version, visibly in the host config. */
class PlatformRolesTest {
  private static final Environment BASE = SampleFleet.production();
  private static final VmSpec DB = SampleFleet.vm("myapp01", "postgresql", "redis");
  private static final Environment ENV =
      new Environment(
          BASE.name(),
          BASE.resourceGroup(),
          BASE.production(),
          BASE.location(),
          BASE.maintenance(),
          BASE.backup(),
          BASE.driftPolicy(),
          BASE.protectedEnv(),
          BASE.networks(),
          BASE.users(),
          BASE.serviceUsers(),
          List.of(SampleFleet.vm("myapp00", "webgateway"), DB),
          BASE.source());
  private static final Fleet FLEET =
      new Fleet(SampleFleet.fleet().hypervisors(), List.of(ENV, SampleFleet.staging()));

  @Test
  void postgresqlResolvesToTheCurrentDefaultAndSaysSo() {
    HostConfig c = HostConfigRenderer.render(FLEET, ENV, DB);
    assertThat(c.roles()).containsExactly(RoleCatalogue.DEFAULTS.get("postgresql"), "redis");
    assertThat(c.platformRoles())
        .containsExactlyEntriesOf(Map.of("postgresql", RoleCatalogue.DEFAULTS.get("postgresql")));
    assertThat(HostConfigJson.toJson(c))
        .contains("\"platformRoles\" : {\n    \"postgresql\" : \"postgresql16\"\n  }");
  }

  @Test
  void aChangedDefaultChangesTheHostConfigAndItsHash() {
    HostConfig today = HostConfigRenderer.render(FLEET, ENV, DB);
    HostConfig later =
        HostConfigRenderer.render(
            FLEET, ENV, DB, Map.of("postgresql", "postgresql15", "mysql", "mysql80"));
    assertThat(later.roles()).containsExactly("postgresql15", "redis");
    assertThat(later.platformRoles()).containsEntry("postgresql", "postgresql15");
    assertThat(later.contentHash()).isNotEqualTo(today.contentHash());
  }

  @Test
  void aConfigWithoutPlatformNamesKeepsItsHash() {
    Environment e = SampleFleet.production();
    HostConfig c = HostConfigRenderer.render(SampleFleet.fleet(), e, e.vm("myapp01").orElseThrow());
    assertThat(c.platformRoles()).isEmpty();
    assertThat(HostConfigJson.toJson(c)).doesNotContain("platformRoles");
  }

  @Test
  void aPlatformNameConflictsWithAnotherVersionOfItsGroup() {
    assertThat(RoleCatalogue.conflicts(List.of("postgresql", "postgresql15")))
        .containsExactly(List.of("postgresql", "postgresql15"));
    assertThat(RoleCatalogue.contains("mysql")).isTrue();
  }
}
