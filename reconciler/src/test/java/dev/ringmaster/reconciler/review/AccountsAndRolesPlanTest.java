package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.GuestAttributes;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.review.render.PlanJson;
import dev.ringmaster.reconciler.review.render.PlanMarkdown;
import dev.ringmaster.reconciler.review.render.PlanText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pull-request plans on real Git repositories show where a guest's accounts come from (the resource
 * group's file or the environment) and each platform role name with the version it resolves to; a
 * database moved to another major version is a {@code restart} in the maintenance window.
 */
class AccountsAndRolesPlanTest extends PullRequestFixture {
  private static final String GUEST = "guest/kvm01/shop00";
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYB3JgDIBfSuTkOCZEvhakRX7wz3pDNiEtSj+8P0qhf";

  private static final String GROUP =
      """
      apiVersion: ringmaster/v1
      kind: ResourceGroup
      name: shop
      users:
        - name: alice
          uid: 1001
          sshKeys: ["%s alice@laptop"]
          permissions: [login]
      serviceUsers:
        - name: s-shop
      """
          .formatted(KEY);

  @Test
  void accountsAddedShowWhetherTheGroupOrTheEnvironmentDeclaresThem() {
    repo.write("resource-groups/shop.yaml", GROUP);
    repo.write("environments/shop.yaml", shopWith("", "bob", 1002));

    PullRequestPlan plan = planHead();

    PlannedChange guest = guestChange(plan);
    assertThat(guest.change().impact()).isEqualTo(Impact.LIVE);
    assertThat(guest.attributes())
        .contains(
            new AttributeChange(GuestAttributes.ACCOUNTS_FROM_GROUP, null, "alice, s-shop"),
            new AttributeChange(GuestAttributes.ACCOUNTS_FROM_ENVIRONMENT, null, "bob"));
    assertThat(PlanMarkdown.render(plan))
        .contains("  - accountsFromGroup: (none) → `alice, s-shop`")
        .contains("  - accountsFromEnvironment: (none) → `bob`");
    var json = PlanJson.tree(plan).at("/environments/0/changes/0");
    assertThat(json.get("resource").asText()).isEqualTo(GUEST);
    assertThat(json.get("attributes").toString())
        .contains("{\"name\":\"accountsFromEnvironment\",\"before\":null,\"after\":\"bob\"}");
  }

  @Test
  void aChangedGroupFileTouchesEveryEnvironmentOfTheGroupAndOnlyThose() {
    repo.write("resource-groups/shop.yaml", GROUP.substring(0, GROUP.indexOf("users:")));
    base = repo.commit("empty group file");
    repo.write("resource-groups/shop.yaml", GROUP);

    PullRequestPlan plan = planHead();

    assertThat(plan.environments())
        .extracting(EnvironmentPlan::name)
        .containsExactly("shop-production");
    assertThat(guestChange(plan).attributes())
        .contains(new AttributeChange(GuestAttributes.ACCOUNTS_FROM_GROUP, null, "alice, s-shop"));
  }

  @Test
  void anAccountMovedFromTheEnvironmentToTheGroupShowsItsNewOrigin() {
    repo.write(
        "resource-groups/shop.yaml",
        GROUP.substring(0, GROUP.indexOf("users:")) + "serviceUsers:\n  - name: s-shop\n");
    repo.write("environments/shop.yaml", shopWith("", "alice", 1001));
    base = repo.commit("alice on the environment");
    repo.write("resource-groups/shop.yaml", GROUP);
    repo.write("environments/shop.yaml", shopWith("", null, 0));

    PullRequestPlan plan = planHead();

    PlannedChange guest = guestChange(plan);
    assertThat(guest.attributes())
        .containsExactly(
            new AttributeChange(GuestAttributes.ACCOUNTS_FROM_ENVIRONMENT, "alice", ""),
            new AttributeChange(GuestAttributes.ACCOUNTS_FROM_GROUP, "s-shop", "alice, s-shop"),
            new AttributeChange(
                GuestAttributes.CONFIG_HASH,
                guest.change().before().get(GuestAttributes.CONFIG_HASH),
                guest.change().after().get(GuestAttributes.CONFIG_HASH)));
  }

  @Test
  void thePlatformNameIsShownWithItsVersionAndTheSameVersionIsLive() {
    repo.write("environments/shop.yaml", shopWith("[postgresql16]", null, 0));
    base = repo.commit("explicit version");
    repo.write("environments/shop.yaml", shopWith("[postgresql]", null, 0));

    PullRequestPlan plan = planHead();

    PlannedChange guest = guestChange(plan);
    assertThat(guest.change().impact()).isEqualTo(Impact.LIVE);
    assertThat(guest.attributes())
        .contains(
            new AttributeChange(
                GuestAttributes.ROLES, "postgresql16", "postgresql → postgresql16"));
    assertThat(PlanText.render(plan)).contains("roles postgresql16->postgresql → postgresql16");
  }

  @Test
  void anotherDatabaseMajorVersionIsARestartInTheWindow() {
    repo.write("environments/shop.yaml", shopWith("[postgresql, redis]", null, 0));
    base = repo.commit("platform name");
    repo.write("environments/shop.yaml", shopWith("[postgresql15, redis]", null, 0));

    PullRequestPlan plan = planHead();

    PlannedChange guest = guestChange(plan);
    assertThat(guest.change().impact()).isEqualTo(Impact.RESTART);
    assertThat(guest.window().render()).isEqualTo("2026-11-22 22:00–05:00 Europe/Berlin");
    assertThat(guest.attributes())
        .contains(
            new AttributeChange(
                GuestAttributes.ROLES, "postgresql → postgresql16, redis", "postgresql15, redis"));
    assertThat(guest.note()).startsWith("role version postgresql16 → postgresql15:");
    assertThat(PlanMarkdown.render(plan))
        .contains(
            "- **update** `guest/kvm01/shop00` in window 2026-11-22 22:00–05:00 Europe/Berlin"
                + " — role version postgresql16 → postgresql15: the service stops and starts on"
                + " the other major version, its data must be migrated\n");
  }

  @Test
  void aServiceUserRemovedTogetherWithAVersionChangeIsRefused() {
    repo.write("resource-groups/shop.yaml", GROUP);
    repo.write("environments/shop.yaml", shopWith("[postgresql]", null, 0));
    base = repo.commit("s-shop and postgresql");
    repo.write("resource-groups/shop.yaml", GROUP.substring(0, GROUP.indexOf("serviceUsers:")));
    repo.write("environments/shop.yaml", shopWith("[postgresql15]", null, 0));

    PullRequestPlan plan = planHead();

    assertThat(plan.exitCode()).isEqualTo(PullRequestPlan.INVALID);
    assertThat(plan.environments().get(0).refused())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .startsWith(
                        "service user(s) s-shop removed together with role version"
                            + " postgresql16 → postgresql15 in one guest change"));
  }

  private static PlannedChange guestChange(PullRequestPlan plan) {
    return plan.environments().stream()
        .flatMap(e -> e.changes().stream())
        .filter(p -> p.change().resource().toString().equals(GUEST))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change to " + GUEST + ": " + plan));
  }

  /** The shop environment with shop00's roles (null: none) and one user of its own (or none). */
  private static String shopWith(String roles, String user, int uid) {
    String env = shop("4GiB", "30GiB", true, "");
    if (roles != null && !roles.isEmpty()) {
      env = env.replace("    disk: 30GiB\n", "    disk: 30GiB\n    roles: " + roles + "\n");
    }
    if (user != null) {
      env =
          env.replace(
              "vms:\n",
              String.join(
                  "\n",
                  List.of(
                      "users:",
                      "  - name: " + user,
                      "    uid: " + uid,
                      "    sshKeys: [\"" + KEY + " " + user + "@laptop\"]",
                      "    permissions: [login]",
                      "vms:",
                      "")));
    }
    return env;
  }
}
