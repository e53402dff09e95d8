package dev.ringmaster.reconciler.cli;

import static dev.ringmaster.reconciler.testing.Fleets.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.dns.testing.BindServer;
import dev.ringmaster.model.Cidr;
import dev.ringmaster.model.DnsZone;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.NetworkKind;
import dev.ringmaster.model.NetworkSpec;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.apply.ApplyPolicy;
import dev.ringmaster.reconciler.apply.ApplyReport;
import dev.ringmaster.reconciler.apply.RetryPolicy;
import dev.ringmaster.reconciler.engine.DriverRegistry;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.PlanResult;
import dev.ringmaster.reconciler.engine.Reconciler;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.DriftReport;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.JournalEntry.Outcome;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.Fleets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS names of VMs through the whole engine: libvirt's test:///default for the hypervisor and a
 * real BIND 9 on 127.0.0.1 (own zones, own TSIG key) for the names. Plans, applies and drift
 * reports are rendered as the CLI prints them (text and JSON) and searched for the secret.
 */
class DnsNamesIT {
  static final String ZONE = "example.test";
  static final String REV4_FE = "113.0.203.in-addr.arpa";
  static final String REV4_SRV = "0.3.10.in-addr.arpa";
  static final String REV6_FE = "2.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
  static final String REV6 = "3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
  static final Set<String> SCOPE = Set.of("myapp-prod");

  @TempDir Path dir;
  final StringWriter rendered = new StringWriter();
  final PrintWriter out = new PrintWriter(rendered, true);

  @Test
  void namesEveryVmKeepsThemAndLeavesForeignRecordsAlone() throws Exception {
    Path named = Files.createDirectories(dir.resolve("named"));
    BindServer bind =
        BindServer.start(
            named,
            List.of(ZONE, REV4_FE, REV4_SRV, REV6_FE, REV6),
            List.of("www IN A 192.0.2.80", "dns03 IN A 192.0.2.3"));
    Fleet one = fleet(bind, bind.keyFile(), vm("dns00", "kvm01", Size.gib(1), 1, Size.gib(10)));
    Fleet two =
        fleet(
            bind,
            bind.keyFile(),
            vm("dns00", "kvm01", Size.gib(1), 1, Size.gib(10)),
            vm("dns01", "kvm01", Size.gib(1), 1, Size.gib(10)));
    try (StateStore store = StateStore.open(dir.resolve("state"));
        DriverRegistry drivers = DriverRegistry.fromServiceLoader()) {
      Reconciler r =
          new Reconciler(drivers, store, ReconcilerConfig.defaults().withRetry(RetryPolicy.none()));

      // 1. All names of an environment are created, with the hypervisor objects.
      PlanResult first = plan(r, one);
      assertThat(dnsChanges(first.plan()))
          .extracting(c -> c.resource().toString() + " " + c.action() + " " + c.reason())
          .containsExactlyInAnyOrder(
              "dns/example.test/dns00 CREATE A 203.0.113.10, AAAA 2001:db8:2::a",
              "dns/example.test/dns00.srv CREATE A 10.3.0.10, AAAA 2001:db8:3::a",
              "dns/113.0.203.in-addr.arpa/10 CREATE PTR dns00.example.test.",
              "dns/0.3.10.in-addr.arpa/10 CREATE PTR dns00.srv.example.test.",
              "dns/2.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa/a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
                  + " CREATE PTR dns00.example.test.",
              "dns/3.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa/a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
                  + " CREATE PTR dns00.srv.example.test.");
      assertThat(apply(r, first).converged()).isTrue();
      assertThat(bind.query("dns00." + ZONE, "A")).containsExactly("203.0.113.10");
      assertThat(bind.query("dns00.srv." + ZONE, "AAAA")).containsExactly("2001:db8:3:0:0:0:0:a");
      assertThat(bind.query("10." + REV4_SRV, "PTR")).containsExactly("dns00.srv.example.test.");

      // 2. A second pass has nothing to do.
      PlanResult second = plan(r, one);
      assertThat(second.plan().isEmpty()).as("%s", second.plan().actionable()).isTrue();
      assertThat(dnsChanges(second.plan())).allMatch(c -> c.action() == Action.NO_OP).hasSize(6);
      assertThat(drift(r, one).isEmpty()).isTrue();

      // 3. A hand change is drift, planned back and reverted.
      bind.nsupdate(
          ZONE,
          List.of(
              "update delete dns00.srv." + ZONE + " A",
              "update add dns00.srv." + ZONE + " 300 A 10.3.0.99"));
      DriftReport drifted = drift(r, one);
      assertThat(drifted.items())
          .extracting(
              i -> i.resource() + " " + i.field() + " " + i.lastApplied() + "->" + i.observed())
          .containsExactly("dns/example.test/dns00.srv A 10.3.0.10->10.3.0.99");
      PlanResult revert = plan(r, one);
      assertThat(revert.plan().actionable())
          .singleElement()
          .satisfies(
              c -> assertThat(c.resource().toString()).isEqualTo("dns/example.test/dns00.srv"))
          .satisfies(c -> assertThat(c.action()).isEqualTo(Action.UPDATE))
          .satisfies(c -> assertThat(c.reason()).contains("10.3.0.99").contains("10.3.0.10"));
      assertThat(apply(r, revert).converged()).isTrue();
      assertThat(bind.query("dns00.srv." + ZONE, "A")).containsExactly("10.3.0.10");
      assertThat(drift(r, one).isEmpty()).isTrue();

      // 4. A name taken by a foreign record is refused, never changed; other foreign names are
      // never planned at all.
      Fleet foreign =
          fleet(
              bind,
              bind.keyFile(),
              vm("dns00", "kvm01", Size.gib(1), 1, Size.gib(10)),
              vm("dns03", "kvm01", Size.gib(1), 1, Size.gib(10)));
      Plan refused = plan(r, foreign).plan();
      assertThat(refused.refused())
          .singleElement()
          .satisfies(x -> assertThat(x.resource().toString()).isEqualTo("dns/example.test/dns03"))
          .satisfies(
              x -> assertThat(x.reason()).contains("not Ringmaster's").contains("192.0.2.3"));
      assertThat(refused.changes()).noneMatch(c -> c.resource().name().equals("www"));
      assertThat(bind.query("dns03." + ZONE, "A")).containsExactly("192.0.2.3");
      assertThat(bind.query("www." + ZONE, "A")).containsExactly("192.0.2.80");

      // 5. A second VM is named; removing it releases its names (live), the foreign ones stay.
      assertThat(apply(r, plan(r, two)).converged()).isTrue();
      assertThat(bind.query("dns01.srv." + ZONE, "A")).containsExactly("10.3.0.11");
      PlanResult removal = plan(r, one);
      assertThat(dnsChanges(removal.plan()))
          .filteredOn(c -> c.action() == Action.DELETE)
          .extracting(c -> c.resource().toString())
          .contains(
              "dns/example.test/dns01", "dns/example.test/dns01.srv", "dns/0.3.10.in-addr.arpa/11");
      ApplyReport removed = apply(r, removal);
      assertThat(removed.results())
          .filteredOn(a -> a.change().resource().kind().name().equals("DNS"))
          .allMatch(a -> a.outcome() == Outcome.OK);
      assertThat(bind.query("dns01." + ZONE, "A")).isEmpty();
      assertThat(bind.query("_ringmaster.dns01." + ZONE, "TXT")).isEmpty();
      assertThat(bind.query("11." + REV4_SRV, "PTR")).isEmpty();
      assertThat(bind.query("www." + ZONE, "A")).containsExactly("192.0.2.80");

      // 6. A wrong TSIG key: a clear terminal error; only DNS waits.
      Path wrongKey = dir.resolve("wrong.key");
      Files.writeString(wrongKey, "c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1rZXktd2UtdHJ1c3Q=\n");
      Fleet wrong =
          fleet(
              bind,
              wrongKey,
              vm("dns00", "kvm01", Size.gib(1), 1, Size.gib(10)),
              vm("dns02", "kvm01", Size.gib(1), 1, Size.gib(10)));
      PlanResult badKey = plan(r, wrong);
      assertThat(badKey.plan().unreachable())
          .containsKey("dns/example.test")
          .hasEntrySatisfying(
              "dns/example.test",
              why -> assertThat(why).contains("TSIG authentication failed").contains("terminal"));
      assertThat(dnsChanges(badKey.plan())).isEmpty();
      ApplyReport withoutDns = apply(r, badKey);
      assertThat(withoutDns.results())
          .extracting(a -> a.change().resource().toString())
          .contains("domain/kvm01/dns02");
      assertThat(withoutDns.results())
          .filteredOn(a -> a.change().resource().name().startsWith("dns02"))
          .isNotEmpty()
          .allMatch(a -> a.outcome() == Outcome.OK);
      assertThat(bind.query("dns02." + ZONE, "A")).isEmpty();

      // 7. The server down: DNS is listed as unreachable, everything else proceeds.
      bind.close();
      Fleet three =
          fleet(
              bind,
              bind.keyFile(),
              vm("dns00", "kvm01", Size.gib(1), 1, Size.gib(10)),
              vm("dns02", "kvm01", Size.gib(1), 1, Size.gib(10)),
              vm("dns04", "kvm01", Size.gib(1), 1, Size.gib(10)));
      PlanResult down = plan(r, three);
      assertThat(down.plan().unreachable())
          .hasEntrySatisfying("dns/example.test", why -> assertThat(why).contains("unreachable"));
      ApplyReport hypervisorOnly = apply(r, down);
      assertThat(hypervisorOnly.results())
          .extracting(a -> a.change().resource().toString())
          .contains("domain/kvm01/dns04")
          .noneMatch(id -> id.startsWith("dns/"));
      assertThat(hypervisorOnly.results())
          .filteredOn(a -> a.change().resource().name().startsWith("dns04"))
          .isNotEmpty()
          .allMatch(a -> a.outcome() == Outcome.OK);
      assertThat(drift(r, three).unreachable()).containsKey("dns/example.test");

      // The secret is nowhere: not in what was printed, not in the state store.
      String secret = bind.secret();
      assertThat(rendered.toString()).contains("dns/example.test/dns00").doesNotContain(secret);
      assertThat(stateFilesContain(dir.resolve("state"), secret)).isFalse();
    } finally {
      bind.close();
    }
  }

  private PlanResult plan(Reconciler r, Fleet fleet) {
    PlanResult p = r.plan(new FleetSnapshot(fleet, "c1"), SCOPE);
    Output.plan(out, p.plan());
    Output.json(out, Output.planJson(p.plan()));
    return p;
  }

  private ApplyReport apply(Reconciler r, PlanResult planned) {
    ApplyReport report = r.apply(planned, ApplyPolicy.liveOnly(), ApplyListener.NONE);
    Output.applySummary(out, report);
    Output.json(out, Output.applyJson(report));
    return report;
  }

  private DriftReport drift(Reconciler r, Fleet fleet) {
    DriftReport d = r.drift(new FleetSnapshot(fleet, "c1"), SCOPE);
    Output.drift(out, d);
    return d;
  }

  private static List<Change> dnsChanges(Plan plan) {
    return plan.changes().stream().filter(c -> c.resource().toString().startsWith("dns/")).toList();
  }

  private static boolean stateFilesContain(Path state, String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(state)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Fleet fleet(BindServer bind, Path keyFile, VmSpec... vms) {
    Environment base = Fleets.environment("myapp-prod", "myapp", List.of(vms));
    Environment env =
        new Environment(
            base.name(),
            base.resourceGroup(),
            base.production(),
            base.location(),
            base.maintenance(),
            base.backup(),
            base.driftPolicy(),
            base.protectedEnv(),
            Map.of(
                NetworkKind.FE,
                new NetworkSpec(
                    2,
                    Cidr.parse("203.0.113.0/26").orElseThrow(),
                    Cidr.parse("2001:db8:2::/64").orElseThrow()),
                NetworkKind.SRV,
                new NetworkSpec(
                    3,
                    Cidr.parse("10.3.0.0/24").orElseThrow(),
                    Cidr.parse("2001:db8:3::/64").orElseThrow())),
            base.users(),
            base.serviceUsers(),
            base.vms(),
            base.source());
    DnsZone zone =
        new DnsZone(
            ZONE,
            null,
            "127.0.0.1",
            bind.port(),
            List.of(REV4_FE, REV4_SRV, REV6_FE, REV6),
            new DnsZone.Tsig(BindServer.KEY_NAME, "hmac-sha256", keyFile.toString(), null),
            300,
            "ringmaster",
            null);
    return new Fleet(
        List.of(Fleets.hypervisor("kvm01", "test:///default", "default-pool")),
        List.of(env),
        List.of(),
        List.of(zone));
  }
}
