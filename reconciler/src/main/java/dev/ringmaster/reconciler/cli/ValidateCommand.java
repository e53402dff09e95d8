package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.dns.DnsTargets;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    description = "Load and validate the fleet repository; print every problem")
final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    options.requireTextOrJson(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<FleetSnapshot> snapshot =
        Session.loadAndReport(options.repo, AppliedRootDisks.NONE, err);
    if (snapshot.isEmpty()) {
      return RingmasterCli.ERROR;
    }
    int envs = snapshot.get().fleet().environments().size();
    int vms = snapshot.get().fleet().environments().stream().mapToInt(e -> e.vms().size()).sum();
    if (options.json()) {
      Output.json(
          out,
          Map.of(
              "valid", true, "commit", snapshot.get().commit(), "environments", envs, "vms", vms));
    } else {
      out.printf("ok: %d environment(s), %d VM(s) at %s%n", envs, vms, snapshot.get().commit());
      dnsNotes(snapshot.get().fleet(), out);
    }
    return RingmasterCli.OK;
  }

  /** One note per DNS zone whose server is not configured on this machine (see docs/dns.md). */
  static void dnsNotes(dev.ringmaster.model.Fleet fleet, PrintWriter out) {
    for (dev.ringmaster.model.DnsZone zone : fleet.dnsZones()) {
      if (zone.name() == null
          || zone.tsig() == null
          || (zone.server() == null && zone.serverEnv() == null)) {
        continue;
      }
      var target = DnsTargets.of(zone);
      if (target.address(System.getenv()).isEmpty()) {
        out.printf(
            "note: DNS zone %s%s is not configured here (%s is not set):"
                + " its names are not maintained from this machine%n",
            zone.name(),
            zone.reverseZones().isEmpty()
                ? ""
                : " (and its " + zone.reverseZones().size() + " reverse zones)",
            target.serverSource());
      }
    }
  }
}
