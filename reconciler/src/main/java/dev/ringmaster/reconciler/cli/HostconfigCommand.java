package dev.ringmaster.reconciler.cli;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.model.hostconfig.HostConfig;
import dev.ringmaster.model.hostconfig.HostConfigJson;
import dev.ringmaster.model.hostconfig.HostConfigRenderer;
import dev.ringmaster.model.hostconfig.HostInterface;
import dev.ringmaster.model.hostconfig.HostServiceUser;
import dev.ringmaster.model.hostconfig.HostUser;
import dev.ringmaster.model.load.FleetRepository;
import dev.ringmaster.model.load.LoadResult;
import dev.ringmaster.model.validate.AppliedRootDisks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringmaster hostconfig VM --repo DIR [--format text|json]}: prints the host config a VM
 * receives, exactly as the NixOS driver installs it ({@code json}) or as a summary ({@code text}).
 * Exit 0 when printed, 1 when the repository has errors or the VM is unknown.
 */
@Command(
    name = "hostconfig",
    mixinStandardHelpOptions = true,
    description = "Print the host config (ringmaster.hostconfig/v1) a VM receives.")
public final class HostconfigCommand implements Callable<Integer> {
  /** Output formats of the command. */
  public enum Format {
    text,
    json
  }

  @Parameters(index = "0", paramLabel = "VM", description = "VM name, e.g. myapp00")
  String vm;

  @Option(names = "--repo", required = true, description = "Fleet repository directory")
  Path repo;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (the document itself); default ${DEFAULT-VALUE}")
  Format format;

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
      out.print(render(loaded.fleet(), vm, format));
      out.flush();
      return 0;
    } catch (RingmasterException e) {
      err.println("ringmaster: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The host config of {@code vmName} in {@code fleet}, in {@code format}.
   *
   * @throws RingmasterException when no environment declares the VM
   */
  public static String render(Fleet fleet, String vmName, Format format) {
    Environment env =
        fleet
            .environmentOfVm(vmName)
            .orElseThrow(() -> new RingmasterException("no environment declares VM " + vmName));
    VmSpec vm = env.vm(vmName).orElseThrow();
    HostConfig config = HostConfigRenderer.render(fleet, env, vm);
    return switch (format) {
      case json -> HostConfigJson.toJson(config);
      case text -> text(config);
    };
  }

  private static String text(HostConfig c) {
    StringBuilder s = new StringBuilder();
    line(s, "vm", c.name());
    line(s, "environment", c.environment() + (c.production() ? " (production)" : ""));
    line(s, "resource group", c.resourceGroup());
    line(s, "location", c.location());
    line(s, "roles", String.join(", ", c.roles()));
    c.platformRoles()
        .forEach((name, version) -> line(s, "role " + name, version + " (catalogue default)"));
    for (HostInterface i : c.interfaces()) {
      line(s, "interface " + i.name(), interfaceText(i));
    }
    for (HostUser u : c.users()) {
      line(
          s,
          "user " + u.name(),
          "uid "
              + u.uid()
              + ", groups "
              + String.join(",", u.groups())
              + ", keys "
              + u.sshKeys().size());
    }
    for (HostServiceUser u : c.serviceUsers()) {
      line(s, "service user " + u.name(), "uid " + u.uid() + ", home " + u.home());
    }
    line(
        s,
        "maintenance",
        c.maintenance().window()
            + " "
            + c.maintenance().timezone()
            + ", lead time "
            + c.maintenance().leadTimeMinutes()
            + " min");
    line(s, "backup", c.backup().schedule());
    line(s, "content hash", c.contentHash());
    return s.toString();
  }

  private static String interfaceText(HostInterface i) {
    StringBuilder s = new StringBuilder(i.mac() + " vlan " + i.vlan());
    if (i.ipv4() != null) {
      s.append(", ").append(i.ipv4().address()).append('/').append(i.ipv4().prefixLength());
      s.append(" via ").append(i.ipv4().gateway());
    }
    if (i.ipv6() != null) {
      s.append(", ").append(i.ipv6().address()).append('/').append(i.ipv6().prefixLength());
      s.append(" via ").append(i.ipv6().gateway());
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String key, String value) {
    s.append(String.format("%-22s %s%n", key + ":", value));
  }
}
