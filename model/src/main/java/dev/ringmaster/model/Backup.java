package dev.ringmaster.model;

import java.util.Locale;

/**
 * Backup policies offered by the platform ({@code docs/backups.md}). {@code default}: daily, kept 7
 * days, 4 weeks and 3 months. {@code frequent}: the same plus hourly, kept 24 hours. {@code none}:
 * no backups (scratch VMs).
 */
public enum Backup {
  DEFAULT,
  FREQUENT,
  NONE;

  /** The name written in the fleet ({@code default}, {@code frequent}, {@code none}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy in force for one VM: the VM's own when written, else its environment's, else {@link
   * #DEFAULT}. Pure.
   */
  public static Backup of(Environment env, VmSpec vm) {
    if (vm != null && vm.backup() != null) {
      return vm.backup();
    }
    return env == null || env.backup() == null ? DEFAULT : env.backup();
  }
}
