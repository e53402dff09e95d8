package dev.ringmaster.driver.spi;

import java.util.Locale;

/** The three disks of every VM and the guest device each is attached as. */
public enum DiskRole {
  ROOT("vda"),
  SWAP("vdb"),
  TMP("vdc");

  private final String target;

  DiskRole(String target) {
    this.target = target;
  }

  /** The guest device name ({@code vda}, {@code vdb}, {@code vdc}). */
  public String target() {
    return target;
  }

  /** The volume name of this disk for a VM: {@code myapp00-root}. */
  public String volumeName(String vm) {
    return vm + "-" + name().toLowerCase(Locale.ROOT);
  }
}
