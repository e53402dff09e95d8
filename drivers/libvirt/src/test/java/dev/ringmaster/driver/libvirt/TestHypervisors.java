package dev.ringmaster.driver.libvirt;

import dev.ringmaster.model.Hypervisor;
import dev.ringmaster.model.Size;

/** Hypervisor specs for tests. */
final class TestHypervisors {
  private TestHypervisors() {}

  static Hypervisor of(String name, String uri, String pool, Hypervisor.DirectBoot boot) {
    return new Hypervisor(
        name,
        uri,
        pool,
        null,
        new Hypervisor.Bridges("br-fe", "br-srv"),
        new Hypervisor.Capacity(Size.gib(8), 4),
        "qemu",
        boot,
        null,
        null);
  }
}
