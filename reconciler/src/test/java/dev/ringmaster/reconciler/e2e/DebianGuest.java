package dev.ringmaster.reconciler.e2e;

import dev.ringmaster.driver.libvirt.testing.Daemons;
import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The Debian 12 image of {@code scripts/build-guest-image.sh} (built from Debian's packages, cached
 * under {@code ~/.cache/ringmaster-test/debian12}), made available to a {@link LibvirtdFixture}:
 * the root file system becomes the pool's base image volume {@link #BASE_IMAGE}, which Ringmaster
 * clones for every root disk; kernel and initrd are booted directly from the cache.
 */
record DebianGuest(Path kernel, Path initrd) {
  static final String BASE_IMAGE = "debian12.qcow2";
  static final String CMDLINE = "root=/dev/vda rw console=ttyS0";
  private static final Duration BUILD = Duration.ofMinutes(20);

  /** Builds the image when the cache lacks it, then copies it into the fixture's pool. */
  static DebianGuest prepare(LibvirtdFixture libvirtd) {
    Path script = repositoryRoot().resolve("scripts/build-guest-image.sh");
    String out = Daemons.run(BUILD, List.of(script.toString())).trim();
    Path cache = Path.of(out.lines().reduce((a, b) -> b).orElseThrow().trim());
    try {
      Files.copy(
          cache.resolve("root.qcow2"),
          libvirtd.poolPath().resolve(BASE_IMAGE),
          StandardCopyOption.REPLACE_EXISTING);
      Connect c = libvirtd.connect();
      try {
        c.storagePoolLookupByName(LibvirtdFixture.POOL).refresh(0);
      } finally {
        c.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (LibvirtException e) {
      throw new IllegalStateException("cannot refresh the pool", e);
    }
    return new DebianGuest(cache.resolve("vmlinuz"), cache.resolve("initrd.img"));
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("scripts/build-guest-image.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("not inside the Ringmaster repository");
    }
    return p;
  }
}
