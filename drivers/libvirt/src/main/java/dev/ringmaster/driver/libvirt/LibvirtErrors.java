package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import java.util.EnumSet;
import java.util.Set;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * Maps libvirt errors to {@link DriverException}s: connection, RPC and timeout failures are
 * retryable, everything else (invalid XML, missing objects where they matter, permission) is
 * terminal. Messages name the host, the object and libvirt's own message.
 */
final class LibvirtErrors {
  private static final Set<ErrorNumber> RETRYABLE =
      EnumSet.of(
          ErrorNumber.VIR_ERR_NO_CONNECT,
          ErrorNumber.VIR_ERR_INVALID_CONN,
          ErrorNumber.VIR_ERR_RPC,
          ErrorNumber.VIR_ERR_SYSTEM_ERROR,
          ErrorNumber.VIR_ERR_OPERATION_TIMEOUT,
          ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE,
          ErrorNumber.VIR_ERR_OPERATION_ABORTED,
          ErrorNumber.VIR_ERR_RESOURCE_BUSY);

  private LibvirtErrors() {}

  static DriverException map(String host, String object, LibvirtException e) {
    ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
    return of(host, object, code, e.getMessage(), e);
  }

  /** Runs one libvirt call, its failure mapped as {@link #map} does. */
  static <T> T call(String host, String object, LibvirtDriver.LibvirtCall<T> call) {
    try {
      return call.run();
    } catch (LibvirtException e) {
      throw map(host, object, e);
    }
  }

  static DriverException fromNative(String host, String object) {
    return of(
        host, object, lastNativeError(), LibvirtNative.INSTANCE.virGetLastErrorMessage(), null);
  }

  /** The code of this thread's last libvirt error; null when unknown to libvirt-java. */
  static ErrorNumber lastNativeError() {
    int code = LibvirtNative.INSTANCE.virGetLastErrorCode();
    ErrorNumber[] all = ErrorNumber.values();
    return code >= 0 && code < all.length ? all[code] : null;
  }

  static boolean isMissing(LibvirtException e) {
    ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
    return code == ErrorNumber.VIR_ERR_NO_DOMAIN
        || code == ErrorNumber.VIR_ERR_NO_NETWORK
        || code == ErrorNumber.VIR_ERR_NO_STORAGE_VOL;
  }

  static boolean isNotRunning(LibvirtException e) {
    ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
    return code == ErrorNumber.VIR_ERR_OPERATION_INVALID;
  }

  static DriverException foreign(String host, String object) {
    return DriverException.terminal(
        host
            + ": "
            + object
            + " does not carry Ringmaster's ownership mark for this host;"
            + " refusing to modify it",
        null);
  }

  private static DriverException of(
      String host, String object, ErrorNumber code, String message, Throwable cause) {
    String text = host + ": " + object + ": " + message + (code == null ? "" : " (" + code + ")");
    return code != null && RETRYABLE.contains(code)
        ? DriverException.transientFailure(text, cause)
        : DriverException.terminal(text, cause);
  }
}
