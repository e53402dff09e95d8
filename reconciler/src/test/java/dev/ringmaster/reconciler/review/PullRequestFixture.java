package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fleet repository with a base commit: two environments on one hypervisor. */
public abstract class PullRequestFixture {
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T04:32:15Z"), ZoneOffset.UTC);

  public static final String KVM01 =
      """
      apiVersion: ringmaster/v1
      kind: Hypervisor
      name: kvm01
      uri: test:///default
      storagePool: vms
      bridges: { fe: br-fe, srv: br-srv }
      capacity: { memory: 256GiB, cores: 64 }
      """;

  public static final String BLOG =
      """
      apiVersion: ringmaster/v1
      kind: Environment
      name: blog-staging
      resourceGroup: blog
      networks:
        fe:  { vlan: 10, ipv4: 198.51.100.64/26, ipv6: "2001:db8:10::/64" }
        srv: { vlan: 11, ipv4: 10.11.0.0/24, ipv6: "2001:db8:11::/64" }
      vms:
        - name: blog00
          host: kvm01
          memory: 2GiB
          cores: 1
          disk: 20GiB
      """;

  @TempDir protected Path dir;
  protected FleetRepo repo;
  protected RevCommit base;

  public static String shop(
      String shop00Memory, String shop00Disk, boolean withShop01, String extraVm) {
    StringBuilder s =
        new StringBuilder(
            """
            apiVersion: ringmaster/v1
            kind: Environment
            name: shop-production
            resourceGroup: shop
            production: true
            maintenance: { window: "22:00-05:00", timezone: Europe/Berlin, leadTime: 12h }
            networks:
              fe:  { vlan: 6, ipv4: 198.51.100.0/26, ipv6: "2001:db8:6::/64" }
              srv: { vlan: 7, ipv4: 10.7.0.0/24, ipv6: "2001:db8:7::/64" }
            vms:
              - name: shop00
                host: kvm01
                memory: %s
                cores: 2
                disk: %s
            """
                .formatted(shop00Memory, shop00Disk));
    if (withShop01) {
      s.append(
          """
            - name: shop01
              host: kvm01
              memory: 8GiB
              cores: 4
              disk: 100GiB
          """);
    }
    s.append(extraVm);
    return s.toString();
  }

  @BeforeEach
  protected void baseCommit() {
    repo = FleetRepo.init(dir);
    repo.write("hosts/kvm01.yaml", KVM01)
        .write("environments/blog.yaml", BLOG)
        .write("environments/shop.yaml", shop("4GiB", "30GiB", true, ""))
        .write("README.md", "fleet\n");
    base = repo.commit("base");
  }

  protected PullRequestPlan planHead() {
    RevCommit head = repo.commit("head");
    PullRequestPlan plan = new PullRequestPlanner(CLOCK).plan(dir, base.name(), head.name());
    assertThat(plan.base()).isEqualTo(base.name());
    assertThat(plan.head()).isEqualTo(head.name());
    return plan;
  }
}
