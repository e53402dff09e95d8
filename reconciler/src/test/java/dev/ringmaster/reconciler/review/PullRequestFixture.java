package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.testing.FleetYaml;
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
      FleetYaml.environment("blog-staging", "blog")
          .networks(10, "198.51.100.64/26")
          .vm("blog00", "kvm01", "2GiB", "20GiB")
          .yaml();

  @TempDir protected Path dir;
  protected FleetRepo repo;
  protected RevCommit base;

  public static String shop(
      String shop00Memory, String shop00Disk, boolean withShop01, String extraVm) {
    FleetYaml.Environment shop =
        FleetYaml.environment("shop-production", "shop")
            .line("production: true")
            .line(
                "maintenance: { window: \"22:00-05:00\", timezone: Europe/Berlin, leadTime: 12h }")
            .networks(6, "198.51.100.0/26")
            .vm("shop00", "kvm01", shop00Memory, 2, shop00Disk);
    if (withShop01) {
      shop.vm("shop01", "kvm01", "8GiB", 4, "100GiB");
    }
    return shop.vmYaml(extraVm).yaml();
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
