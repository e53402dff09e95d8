package dev.ringmaster.driver.spi;

/**
 * Where a guest is reached over SSH: address (host name or IP literal), port and login user, all
 * resolved. Immutable.
 */
public record GuestTarget(String vm, String address, int port, String user) {
  public GuestTarget {
    if (vm == null || address == null || user == null) {
      throw new IllegalArgumentException("vm, address and user are required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
