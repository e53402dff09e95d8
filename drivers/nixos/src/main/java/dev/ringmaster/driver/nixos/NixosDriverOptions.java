package dev.ringmaster.driver.nixos;

import dev.ringmaster.model.RingmasterException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the NixOS driver reaches and changes guests. Immutable; validated on construction (unsafe
 * config paths, blank commands or non-positive timeouts are refused). The commands are operator
 * configuration and run as written in the guest's login shell; nothing from the fleet spec is ever
 * put into them.
 *
 * @param configPath where the host config is installed ({@code /etc/ringmaster/hostconfig.json})
 * @param activationCommand what activates it ({@code nixos-rebuild switch})
 * @param activationTimeout how long activation may run before it is killed and rolled back
 * @param connectTimeout TCP connect timeout
 * @param commandTimeout how long an observe or file command may run
 * @param privateKey the client key (public key authentication only; never passwords)
 * @param knownHosts OpenSSH known_hosts file with the pinned guest host keys; nullable (none)
 * @param trustOnFirstUse accept and record an unknown host key (never a changed one)
 * @param generationCommand prints the system generation
 * @param passwdCommand prints the user database in {@code passwd(5)} format
 * @param groupCommand prints the group database in {@code group(5)} format
 * @param managedUidMin lowest uid of platform-managed accounts (system users are below)
 * @param managedUidMax highest uid of platform-managed accounts ({@code nobody} is above)
 * @param outputTailLines how many lines of activation output are kept
 * @param defaultPort SSH port when neither VM nor hypervisor overrides it
 * @param defaultUser login user when neither VM nor hypervisor overrides it
 * @param homeRoot the directory holding service users' homes ({@code /srv}); only {@link
 *     NixosGuestDriver#removeServiceHome} uses it
 */
public record NixosDriverOptions(
    String configPath,
    String activationCommand,
    Duration activationTimeout,
    Duration connectTimeout,
    Duration commandTimeout,
    Path privateKey,
    Path knownHosts,
    boolean trustOnFirstUse,
    String generationCommand,
    String passwdCommand,
    String groupCommand,
    int managedUidMin,
    int managedUidMax,
    int outputTailLines,
    int defaultPort,
    String defaultUser,
    String homeRoot) {
  public static final String DEFAULT_CONFIG_PATH = "/etc/ringmaster/hostconfig.json";
  public static final String DEFAULT_ACTIVATION = "nixos-rebuild switch";
  public static final String DEFAULT_GENERATION = "readlink /nix/var/nix/profiles/system";
  public static final String DEFAULT_HOME_ROOT = "/srv";

  public NixosDriverOptions {
    SafePaths.requireSafeAbsolute(configPath);
    SafePaths.requireSafeAbsolute(homeRoot);
    requireCommand(activationCommand, "activationCommand");
    requireCommand(generationCommand, "generationCommand");
    requireCommand(passwdCommand, "passwdCommand");
    requireCommand(groupCommand, "groupCommand");
    requirePositive(activationTimeout, "activationTimeout");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(commandTimeout, "commandTimeout");
    if (privateKey == null) {
      throw new RingmasterException("nixos driver: privateKey is required");
    }
    if (managedUidMin < 1 || managedUidMax < managedUidMin) {
      throw new RingmasterException("nixos driver: managed uid range is empty");
    }
    if (outputTailLines < 1 || defaultPort < 1 || defaultPort > 65535) {
      throw new RingmasterException("nixos driver: outputTailLines or defaultPort out of range");
    }
    if (defaultUser == null || !defaultUser.matches("^[a-z_][a-z0-9_-]{0,31}$")) {
      throw new RingmasterException("nixos driver: defaultUser is not a POSIX user name");
    }
  }

  /** The options with service homes under {@link #DEFAULT_HOME_ROOT}. */
  public NixosDriverOptions(
      String configPath,
      String activationCommand,
      Duration activationTimeout,
      Duration connectTimeout,
      Duration commandTimeout,
      Path privateKey,
      Path knownHosts,
      boolean trustOnFirstUse,
      String generationCommand,
      String passwdCommand,
      String groupCommand,
      int managedUidMin,
      int managedUidMax,
      int outputTailLines,
      int defaultPort,
      String defaultUser) {
    this(
        configPath,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        trustOnFirstUse,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        DEFAULT_HOME_ROOT);
  }

  /** The defaults of design.md with the given client key and known_hosts file. */
  public static NixosDriverOptions defaults(Path privateKey, Path knownHosts) {
    return new NixosDriverOptions(
        DEFAULT_CONFIG_PATH,
        DEFAULT_ACTIVATION,
        Duration.ofMinutes(15),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        privateKey,
        knownHosts,
        false,
        DEFAULT_GENERATION,
        "getent passwd",
        "getent group",
        1000,
        64999,
        40,
        22,
        "root");
  }

  public NixosDriverOptions withConfigPath(String path) {
    return new NixosDriverOptions(
        path,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        trustOnFirstUse,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        homeRoot);
  }

  public NixosDriverOptions withActivation(String command, Duration timeout) {
    return new NixosDriverOptions(
        configPath,
        command,
        timeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        trustOnFirstUse,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        homeRoot);
  }

  public NixosDriverOptions withObserveCommands(String generation, String passwd, String group) {
    return new NixosDriverOptions(
        configPath,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        trustOnFirstUse,
        generation,
        passwd,
        group,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        homeRoot);
  }

  public NixosDriverOptions withTrustOnFirstUse(boolean tofu) {
    return new NixosDriverOptions(
        configPath,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        tofu,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        homeRoot);
  }

  public NixosDriverOptions withKnownHosts(Path file) {
    return new NixosDriverOptions(
        configPath,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        file,
        trustOnFirstUse,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        homeRoot);
  }

  public NixosDriverOptions withHomeRoot(String root) {
    return new NixosDriverOptions(
        configPath,
        activationCommand,
        activationTimeout,
        connectTimeout,
        commandTimeout,
        privateKey,
        knownHosts,
        trustOnFirstUse,
        generationCommand,
        passwdCommand,
        groupCommand,
        managedUidMin,
        managedUidMax,
        outputTailLines,
        defaultPort,
        defaultUser,
        root);
  }

  private static void requireCommand(String command, String field) {
    if (command == null || command.isBlank() || command.contains("\n")) {
      throw new RingmasterException("nixos driver: " + field + " must be one non-blank line");
    }
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new RingmasterException("nixos driver: " + field + " must be positive");
    }
  }
}
