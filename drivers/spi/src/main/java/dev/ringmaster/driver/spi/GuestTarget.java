package dev.ringmaster.driver.spi;

/** Where a guest is reached over SSH: address, port and login user, all resolved. */
public record GuestTarget(String vm, String address, int port, String user) {
  public GuestTarget {
    if (vm == null || address == null || user == null) {
      throw new IllegalArgumentException("vm, address and user are required");
    }
  }
}
