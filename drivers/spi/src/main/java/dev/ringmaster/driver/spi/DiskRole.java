package dev.ringmaster.driver.spi;

import java.util.Locale;

/**
 * The disks of every VM and the guest device each is attached as: root, swap and tmp, and the
 * read-only first-boot seed ({@code cidata}, raw).
 */
public enum DiskRole {
  ROOT("vda"),
  SWAP("vdb"),
  TMP("vdc"),
  SEED("vdd");

  private final String target;

  DiskRole(String target) {
    this.target = target;
  }

  /** The guest device name ({@code vda}, {@code vdb}, {@code vdc}). */
  public String target() {
    return target;
  }

  /** Whether the guest sees this disk read-only (the seed). */
  public boolean readOnly() {
    return this == SEED;
  }

  /** The volume name of this disk for a VM: {@code myapp00-root}. */
  public String volumeName(String vm) {
    return vm + "-" + name().toLowerCase(Locale.ROOT);
  }
}
