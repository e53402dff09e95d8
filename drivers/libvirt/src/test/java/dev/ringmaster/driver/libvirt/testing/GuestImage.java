package dev.ringmaster.driver.libvirt.testing;

import dev.ringmaster.model.Hypervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A tiny bootable guest for direct kernel boot under TCG: the Debian cloud kernel fetched by {@code
 * scripts/fetch-test-kernel.sh} and a busybox initramfs built in a directory. Its {@code /init}
 * mounts proc, sys and devtmpfs, loads the ACPI button and evdev modules, runs busybox {@code
 * acpid} (the power button runs {@code poweroff -f}), prints {@link #MARKER} on the serial console
 * and waits. Boots in about 5 s. Needs the Debian packages busybox-static and cpio.
 */
public record GuestImage(Path kernel, Path initrd) {
  /** The line the guest prints on its serial console once it is up. */
  public static final String MARKER = "RINGMASTER-GUEST-UP";

  /** The line the guest prints when the ACPI power button shuts it down. */
  public static final String POWEROFF_MARKER = "RINGMASTER-GUEST-POWEROFF";

  private static final String INIT =
      """
      #!/bin/busybox sh
      /bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin /etc/acpi/PWRF
      /bin/busybox --install -s
      mount -t proc proc /proc
      mount -t sysfs sys /sys
      mount -t devtmpfs dev /dev
      insmod /lib/modules/evdev.ko
      insmod /lib/modules/button.ko
      printf '#!/bin/sh\\necho %s\\npoweroff -f\\n' > /etc/acpi/PWRF/00000080
      chmod +x /etc/acpi/PWRF/00000080
      acpid -d -c /etc/acpi &
      echo %s
      while true; do sleep 1; done
      """
          .formatted(POWEROFF_MARKER, MARKER);

  /** Fetches the kernel (cached) and builds the initramfs in {@code dir}. */
  public static GuestImage prepare(Path dir) {
    Path kernel =
        Path.of(Daemons.run(Duration.ofMinutes(5), List.of(fetchScript().toString())).strip());
    Path modules = kernel.resolveSibling("modules");
    Path root = dir.resolve("initramfs");
    Path initrd = dir.resolve("initrd.cpio");
    try {
      Files.createDirectories(root.resolve("bin"));
      Files.createDirectories(root.resolve("lib/modules"));
      Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
      for (String module : List.of("evdev.ko", "button.ko")) {
        Files.copy(modules.resolve(module), root.resolve("lib/modules/" + module));
      }
      Path init = root.resolve("init");
      Files.writeString(init, INIT);
      Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Daemons.run(
        Duration.ofMinutes(1),
        List.of(
            "sh",
            "-c",
            "cd \"$0\" && find . | cpio -o -H newc --quiet > \"$1\"",
            root.toString(),
            initrd.toString()));
    return new GuestImage(kernel, initrd);
  }

  /** Direct boot of this guest with its console on the first serial port. */
  public Hypervisor.DirectBoot directBoot() {
    return new Hypervisor.DirectBoot(
        kernel.toString(), initrd.toString(), "console=ttyS0 loglevel=4");
  }

  private static Path fetchScript() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path script = dir.resolve("scripts/fetch-test-kernel.sh");
      if (Files.isExecutable(script)) {
        return script;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("scripts/fetch-test-kernel.sh not found above the working dir");
  }
}
