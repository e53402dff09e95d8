package dev.ringmaster.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.CliRun;
import dev.ringmaster.reconciler.testing.FleetYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * {@code plan --base --head --live} through the CLI in process, on a real Git repository and the
 * real engine and libvirt driver on libvirt's embedded {@code test:///default}: the base is
 * converged first with {@code apply}, then the head is planned against what libvirt shows. A second
 * hypervisor points at a libvirt URI that cannot be opened. Hypervisor {@code kvm06} and
 * environment {@code live-staging} are this test's own, so it can share the per-process test driver
 * with other tests; the test holds its own connection open, as libvirt drops the embedded driver's
 * state with the last one.
 */
class LivePlanTestDefaultTest {
  static final String HOSTS =
      FleetYaml.testHypervisor("kvm06", "06")
          + """
          ---
          apiVersion: ringmaster/v1
          kind: Hypervisor
          name: kvm08
          uri: test:///nonexistent/ringmaster-no-such-file.xml
          storagePool: default-pool
          bridges: { fe: br08-fe, srv: br08-srv }
          capacity: { memory: 64GiB, cores: 16 }
          """;

  @TempDir Path dir;
  @TempDir Path state;

  static String live(String live00Memory, String... more) {
    FleetYaml.Environment env =
        FleetYaml.environment("live-staging", "live")
            .networks(40, "198.51.100.128/26")
            .vm("live00", "kvm06", live00Memory, "10GiB");
    for (String name : more) {
      env.vm(name, "kvm06", "1GiB", "10GiB");
    }
    return env.yaml();
  }

  static String dead(String memory) {
    return FleetYaml.environment("dead-staging", "dead")
        .networks(42, "198.51.100.192/26")
        .vm("dead00", "kvm08", memory, "10GiB")
        .yaml();
  }

  @Test
  void plansTheHeadAgainstTheLiveState() throws Exception {
    Connect keepAlive = new Connect("test:///default");
    try (FleetRepo repo = FleetRepo.init(dir)) {
      RevCommit base =
          repo.write("hosts/hosts.yaml", HOSTS)
              .write("environments/live.yaml", live("1GiB", "live01", "live02"))
              .write("environments/dead.yaml", dead("1GiB"))
              .commit("base");
      CliRun converge = run("apply", "--env", "live-staging");
      assertThat(converge.status()).as(converge.out() + converge.err()).isZero();
      keepAlive.domainLookupByName("live01").destroy();

      RevCommit head =
          repo.write("environments/live.yaml", live("2GiB", "live01", "live03"))
              .write("environments/dead.yaml", dead("2GiB"))
              .commit("head");
      CliRun live = plan(base, head, "--live", "--format", "json");
      assertThat(live.status()).as(live.out() + live.err()).isEqualTo(2);
      JsonNode plan = new ObjectMapper().readTree(live.out());
      assertThat(plan.get("live").asBoolean()).isTrue();
      assertThat(plan.at("/unreachable/0/environment").asText()).isEqualTo("dead-staging");
      assertThat(plan.at("/unreachable/0/reason").asText()).startsWith("hypervisor kvm08");
      JsonNode env = environment(plan, "live-staging");
      assertThat(change(env, "domain/kvm06/live00").get("impact").asText()).isEqualTo("restart");
      assertThat(change(env, "domain/kvm06/live00").at("/window/text").asText())
          .endsWith("22:00–05:00 Europe/Berlin");
      assertThat(change(env, "domain/kvm06/live02").get("action").asText()).isEqualTo("delete");
      assertThat(change(env, "domain/kvm06/live02").get("impact").asText())
          .isEqualTo("destructive");
      assertThat(change(env, "domain/kvm06/live02").get("staging").asText())
          .startsWith("soft delete on merge: shut down, disks kept; deleted for good after 3 days");
      assertThat(change(env, "volume/kvm06/live02-root").get("staging").asText())
          .startsWith("soft delete on merge");
      assertThat(change(env, "domain/kvm06/live03").get("action").asText()).isEqualTo("create");
      assertThat(change(env, "domain/kvm06/live01").at("/attributes/0/before").asText())
          .isEqualTo("false");
      assertThat(env.at("/summary/destructive").asInt()).isEqualTo(5);

      try (StateStore store = StateStore.open(state)) {
        assertThat(store.entries("known/")).as("a preview records no known-since").isEmpty();
      }

      CliRun markdown = plan(base, head, "--live", "--format", "markdown");
      assertThat(markdown.out())
          .contains("against the live state", "`dead-staging`: hypervisor kvm08 unreachable")
          .contains("**staged:** soft delete on merge");

      CliRun fromBase = plan(base, head, "--format", "json");
      JsonNode offline = new ObjectMapper().readTree(fromBase.out());
      assertThat(offline.get("live").asBoolean()).isFalse();
      assertThat(offline.get("unreachable")).isEmpty();
      assertThat(changes(environment(offline, "live-staging")))
          .doesNotContain("domain/kvm06/live01");
      assertThat(changes(env)).contains("domain/kvm06/live01");

      RevCommit invalid =
          repo.write("environments/live.yaml", live("2GB", "live01", "live02")).commit("invalid");
      CliRun bad = plan(base, invalid, "--live", "--format", "markdown");
      assertThat(bad.status()).isEqualTo(1);
      assertThat(bad.out()).contains("`environments/live.yaml:11:13` vms[0].memory");
    } finally {
      keepAlive.close();
    }
  }

  private CliRun plan(RevCommit base, RevCommit head, String... more) {
    List<String> args =
        new ArrayList<>(List.of("plan", "--base", base.name(), "--head", head.name()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static JsonNode environment(JsonNode plan, String name) {
    for (JsonNode env : plan.get("environments")) {
      if (env.get("name").asText().equals(name)) {
        return env;
      }
    }
    throw new AssertionError("no environment " + name + " in " + plan);
  }

  private static JsonNode change(JsonNode env, String resource) {
    for (JsonNode c : env.get("changes")) {
      if (c.get("resource").asText().equals(resource)) {
        return c;
      }
    }
    throw new AssertionError("no change of " + resource + " in " + env);
  }

  private static List<String> changes(JsonNode env) {
    List<String> out = new ArrayList<>();
    env.get("changes").forEach(c -> out.add(c.get("resource").asText()));
    return out;
  }

  private CliRun run(String... args) {
    return CliRun.run(dir, state, args);
  }
}
