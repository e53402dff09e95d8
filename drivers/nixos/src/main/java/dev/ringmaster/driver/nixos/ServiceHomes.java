package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.model.validate.Names;

/**
 * Where a service user's home is, for removal: {@code <root>/<user>} where the user name is a
 * service user's (the model's {@code Names.SERVICE_USER}). Anything else is refused, so no name can
 * reach outside the root. Pure functions.
 */
final class ServiceHomes {
  private ServiceHomes() {}

  static String home(String root, String user) {
    if (user == null || !Names.SERVICE_USER.matcher(user).matches()) {
      throw DriverException.terminal(
          "refusing to remove the home of "
              + SafePaths.quote(String.valueOf(user))
              + ": not a service user name",
          null);
    }
    return SafePaths.requireSafeAbsolute(root + "/" + user);
  }
}
