package dev.ringmaster.reconciler.cli;

import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.seed.SeedDerivation;
import dev.ringmaster.reconciler.seed.SeedDocuments;
import dev.ringmaster.reconciler.seed.SeedSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringmaster seed VM --repo DIR [--nixos-config FILE]}: prints the first-boot seed a VM
 * receives ({@code meta-data}, {@code network-config}, {@code user-data}) with the host key pair
 * left out: it is generated when the seed is written, its private half goes only into the seed
 * volume. Writes nothing. Exit 0 when printed, 1 when the repository has errors or the VM is
 * unknown.
 */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description =
        "Print the first-boot seed (cloud-init NoCloud) a VM receives, private key redacted.")
public final class SeedCommand implements Callable<Integer> {
  static final String HOST_KEY_PLACEHOLDER = "<generated when the seed is written>";

  @Parameters(index = "0", paramLabel = "VM", description = "VM name, e.g. myapp00")
  String vm;

  @Option(names = "--repo", required = true, description = "Fleet repository directory")
  Path repo;

  @Mixin GuestOptions guests = new GuestOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      LoadResult loaded = FleetRepository.load(repo, AppliedRootDisks.NONE);
      if (loaded.hasErrors()) {
        loaded.diagnostics().forEach(d -> err.println(d));
        err.println("ringmaster: " + loaded.errors().size() + " error(s); nothing rendered");
        return 1;
      }
      List<String> keys =
          guests
              .properties()
              .map(
                  p ->
                      SeedSettings.writer(p, SeedSettings.PREFIX, HostKeyStore.NONE)
                          .managementKeys())
              .orElse(List.of("<management key: set ringmaster.nixos.management-key>"));
      out.print(render(loaded.fleet(), vm, keys));
      out.flush();
      return 0;
    } catch (RingmasterException e) {
      err.println("ringmaster: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The seed documents of {@code vmName}, the host key pair replaced by placeholders.
   *
   * @throws RingmasterException when no environment declares the VM
   */
  public static String render(Fleet fleet, String vmName, List<String> managementKeys) {
    Environment env =
        fleet
            .environmentOfVm(vmName)
            .orElseThrow(() -> new RingmasterException("no environment declares VM " + vmName));
    VmSpec vm = env.vm(vmName).orElseThrow();
    SeedResource seed =
        SeedDerivation.seed(
            fleet,
            env,
            vm,
            fleet
                .hypervisor(vm.host())
                .orElseThrow(
                    () -> new RingmasterException("VM " + vmName + " is on unknown " + vm.host())));
    StringBuilder s = new StringBuilder();
    s.append("# seed/").append(seed.host()).append('/').append(seed.vm());
    s.append(": volume ").append(seed.pool()).append('/').append(seed.volume());
    s.append(" (vfat, label ").append(SeedDocuments.LABEL).append("), attached read-only\n");
    s.append("# host key pinned for ").append(seed.sshAddress()).append(':').append(seed.sshPort());
    s.append(" when written\n");
    section(
        s,
        "meta-data",
        SeedDocuments.metaData("iid-" + vmName + "-" + HOST_KEY_PLACEHOLDER, seed.hostname()));
    section(s, "network-config", seed.networkConfig());
    section(
        s,
        "user-data",
        SeedDocuments.userData(seed.hostname(), managementKeys, HOST_KEY_PLACEHOLDER, null));
    return s.toString();
  }

  private static void section(StringBuilder s, String name, String body) {
    s.append("--- ").append(name).append(" ---\n").append(body);
  }
}
