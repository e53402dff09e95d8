package dev.ringmaster.reconciler.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.libvirt.LibvirtDriverFactory;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.SeedImage;
import dev.ringmaster.driver.spi.SeedResource;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Size;
import dev.ringmaster.model.VmSpec;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.state.StoreHostKeys;
import dev.ringmaster.reconciler.testing.Fleets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Pin before upload: a failed upload leaves a pin and no seed; the next write generates a fresh
 * pair whose public half replaces the pin and is the one inside the uploaded image. Runs against
 * libvirt's {@code test:///default} driver wrapped by a decorator that fails the first upload and
 * keeps a copy of every image (as the hypervisor would hold it) for reading back with mtools.
 */
class SeedWriterTest {
  @TempDir Path dir;

  @Test
  void aFailedUploadLeadsToAFreshPairAndAFreshPinNeverAMismatch() throws Exception {
    VmSpec vm = Fleets.vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30));
    Fleet fleet = Fleets.fleet("test:///default", "default-pool", vm);
    Environment env = fleet.environments().get(0);
    SeedResource seed = SeedDerivation.seed(fleet, env, vm, fleet.hypervisors().get(0));
    List<byte[]> uploaded = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    try (StateStore store = StateStore.open(dir.resolve("state"));
        HypervisorDriver real = new LibvirtDriverFactory().open(fleet.hypervisors().get(0))) {
      HypervisorDriver driver = failingFirstUpload(real, calls, uploaded);
      StoreHostKeys pins = new StoreHostKeys(store);
      SeedWriter writer = new SeedWriter(List.of("ssh-ed25519 AAAAmgmt ringmaster"), pins);

      assertThatThrownBy(() -> writer.write(seed, driver)).isInstanceOf(DriverException.class);
      String pinAfterCrash = pins.find("10.3.0.10", 22).orElseThrow();

      String fingerprint = writer.write(seed, driver);
      String pin = pins.find("10.3.0.10", 22).orElseThrow();

      assertThat(pin).isNotEqualTo(pinAfterCrash);
      assertThat(HostKeyPair.fingerprintOf(pin)).isEqualTo(fingerprint);
      Map<String, Object> userData = new Yaml().load(read(uploaded.get(0), "user-data"));
      @SuppressWarnings("unchecked")
      Map<String, String> hostKeys = (Map<String, String>) userData.get("ssh_keys");
      assertThat(hostKeys.get("ed25519_public")).startsWith(pin + " ");
      assertThat(read(uploaded.get(0), "meta-data"))
          .contains("instance-id: " + SeedDocuments.instanceId("myapp00", fingerprint));
      assertThat(uploaded).hasSize(1);
      real.deleteVolume("default-pool", seed.volume());
    }
  }

  @Test
  void aSeedWrittenForAnExistingVmKeepsItsPinAndPinsOnlyWhenNoneIsThere() throws Exception {
    VmSpec vm = Fleets.vm("myapp00", "kvm01", Size.gib(4), 2, Size.gib(30));
    Fleet fleet = Fleets.fleet("test:///default", "default-pool", vm);
    SeedResource seed =
        SeedDerivation.seed(fleet, fleet.environments().get(0), vm, fleet.hypervisors().get(0))
            .forExistingVm();
    try (StateStore store = StateStore.open(dir.resolve("state"));
        HypervisorDriver real = new LibvirtDriverFactory().open(fleet.hypervisors().get(0))) {
      StoreHostKeys pins = new StoreHostKeys(store);
      SeedWriter writer = new SeedWriter(List.of("ssh-ed25519 AAAAmgmt ringmaster"), pins);

      String first = writer.write(seed, real);
      assertThat(HostKeyPair.fingerprintOf(pins.find("10.3.0.10", 22).orElseThrow()))
          .as("nothing was pinned: the new key is")
          .isEqualTo(first);
      String second = writer.write(seed, real);
      assertThat(second).isNotEqualTo(first);
      assertThat(HostKeyPair.fingerprintOf(pins.find("10.3.0.10", 22).orElseThrow()))
          .as("the running guest's pin is kept")
          .isEqualTo(first);
      real.deleteVolume("default-pool", seed.volume());
    }
  }

  private static HypervisorDriver failingFirstUpload(
      HypervisorDriver real, AtomicInteger calls, List<byte[]> uploaded) {
    return (HypervisorDriver)
        Proxy.newProxyInstance(
            HypervisorDriver.class.getClassLoader(),
            new Class<?>[] {HypervisorDriver.class},
            (proxy, method, args) -> {
              if (method.getName().equals("writeSeed")) {
                if (calls.incrementAndGet() == 1) {
                  throw DriverException.transientFailure("connection lost during upload", null);
                }
                uploaded.add(
                    args[2] instanceof SeedImage image
                        ? image.bytes()
                        : ((byte[]) args[2]).clone());
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private String read(byte[] image, String file) throws Exception {
    Path img = Files.write(dir.resolve("seed-" + System.nanoTime() + ".img"), image);
    Process p = new ProcessBuilder("mtype", "-i", img.toString(), "::" + file).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }
}
