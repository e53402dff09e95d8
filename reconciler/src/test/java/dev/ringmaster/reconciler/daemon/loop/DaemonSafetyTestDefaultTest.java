package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.reconciler.daemon.loop.PassResult.Result;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.state.StateStore;
import dev.ringmaster.reconciler.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Staged deletion, protection, the deletion budget with its API approval, and maintenance windows
 * end to end on the daemon: the real daemon core ({@link Daemon}, {@link EngineReconciler}, the
 * engine, RocksDB, the libvirt driver on libvirt's embedded {@code test:///default}), a real bare
 * Git repository pushed to, and a clock plus wake-up timer the test moves and fires. A surefire
 * test (no server is started) so that it gets its own JVM: {@code test:///default} is one state per
 * process, kept alive here by the test's own connection while daemons come and go. Each test uses
 * its own hypervisor name, so the other test's objects are not its own.
 */
class DaemonSafetyTestDefaultTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  private Connect libvirt;
  private TestRemote remote;

  @BeforeEach
  void open() throws Exception {
    libvirt = new Connect("test:///default");
    remote = TestRemote.create(dir);
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    libvirt.close();
  }

  @Test
  void removedVmIsSoftDeletedRestoredThenDeletedAfterTheGracePeriodAndProtectionAndBudgetHold()
      throws Exception {
    String c1 = push("fleet", shop("kvm01", 0, 1, 2, 3), keep("kvm01", true));
    String c4 = null;
    SafetyDaemon a = new SafetyDaemon(dir.resolve("state"), remote, clock, false);
    try (a) {
      a.daemon.start();
      Eventually.until(
          "converged", () -> result(a, "shop-staging", c1) && result(a, "keep-staging", c1));
      assertThat(running("shop03")).isTrue();
      Map<String, Long> volumes = volumes("shop03");
      assertThat(volumes).hasSize(4);

      String c2 = push("remove shop03", shop("kvm01", 0, 1, 2), keep("kvm01", true));
      EnvironmentState soft = a.passAfter("shop-staging", c2, a.daemon::triggerFetch);
      assertThat(soft.result()).isEqualTo(Result.PENDING);
      assertThat(defined("shop03")).isTrue();
      assertThat(running("shop03")).isFalse();
      assertThat(volumes("shop03")).isEqualTo(volumes);
      Instant due = Instant.parse("2026-11-25T10:00:00Z");
      assertThat(a.daemon.scheduledWakes()).containsEntry("shop-staging", due);
      assertThat(scheduled(a.daemon.maintenance("shop-staging")))
          .hasSize(4)
          .allSatisfy(
              i -> {
                assertThat(i).containsEntry("kind", "grace").containsEntry("due", due.toString());
                assertThat((String) i.get("resource"))
                    .matches("volume/kvm01/shop03-.*|seed/kvm01/shop03");
              });

      clock.advance(Duration.ofHours(5));
      String c3 = push("restore shop03", shop("kvm01", 0, 1, 2, 3), keep("kvm01", true));
      EnvironmentState restored = a.passAfter("shop-staging", c3, a.daemon::triggerFetch);
      assertThat(restored.result()).isEqualTo(Result.APPLIED);
      assertThat(running("shop03")).isTrue();
      assertThat(volumes("shop03")).isEqualTo(volumes);
      assertThat(scheduled(a.daemon.maintenance("shop-staging"))).isEmpty();

      c4 = push("remove shop03 again", shop("kvm01", 0, 1, 2), keep("kvm01", true));
      a.passAfter("shop-staging", c4, a.daemon::triggerFetch);
      assertThat(running("shop03")).isFalse();
      Instant hardDue = clock.instant().plus(Duration.ofDays(3));
      assertThat(a.daemon.scheduledWakes()).containsEntry("shop-staging", hardDue);

      clock.set(hardDue.plusSeconds(60));
      EnvironmentState notAllowed = a.passAfter("shop-staging", c4, a.timer::fireDue);
      assertThat(notAllowed.result()).isEqualTo(Result.PENDING);
      assertThat(notAllowed.message()).contains("--allow-destroy");
      assertThat(defined("shop03")).isTrue();
      assertThat(volumes("shop03")).isEqualTo(volumes);
    }

    SafetyDaemon b = new SafetyDaemon(dir.resolve("state"), remote, clock, true);
    String c5;
    String c6;
    try (b) {
      String head = c4;
      b.daemon.start();
      Eventually.until("shop deleted for good", () -> result(b, "shop-staging", head));
      assertThat(b.daemon.environment("shop-staging").orElseThrow().result())
          .isEqualTo(Result.APPLIED);
      assertThat(defined("shop03")).isFalse();
      assertThat(volumes("shop03")).isEmpty();

      c5 = push("drop keep00", shop("kvm01", 0, 1, 2), keep("kvm01", false));
      EnvironmentState refused = b.passAfter("keep-staging", c5, b.daemon::triggerFetch);
      assertThat(refused.result()).isEqualTo(Result.PENDING);
      assertThat(refused.message()).contains("keep00 is protected");
      assertThat(refused.conditions()).anySatisfy(c -> assertThat(c.reason()).isEqualTo("Refused"));
      assertThat(running("keep00")).isTrue();

      c6 = push("shrink shop", shop("kvm01", 0), keep("kvm01", true));
      EnvironmentState held = b.passAfter("shop-staging", c6, b.daemon::triggerFetch);
      assertThat(held.result()).isEqualTo(Result.PENDING);
      assertThat(held.message())
          .contains("mass deletion awaits approval of commit " + c6, "deletion budget exceeded");
      assertThat(held.conditions())
          .anySatisfy(c -> assertThat(c.reason()).isEqualTo(DaemonSafety.AWAITS_APPROVAL));
      assertThat(running("shop01")).isTrue();
      assertThat(running("shop02")).isTrue();
      Map<String, Object> maintenance = b.daemon.maintenance(null);
      assertThat(budget(maintenance))
          .singleElement()
          .satisfies(
              h ->
                  assertThat(h)
                      .containsEntry("environment", "shop-staging")
                      .containsEntry("commit", c6));

      assertThatThrownBy(() -> b.daemon.approveMassDelete("c0ffee", "shop-staging", "alice"))
          .isInstanceOfSatisfying(
              RequestRefused.class,
              e -> assertThat(e.reason()).isEqualTo(RequestRefused.Reason.INVALID));
      assertThatThrownBy(() -> b.daemon.approveMassDelete("0".repeat(40), "shop-staging", "alice"))
          .isInstanceOfSatisfying(
              RequestRefused.class,
              e -> assertThat(e.reason()).isEqualTo(RequestRefused.Reason.NOT_FOUND));
      assertThatThrownBy(() -> b.daemon.approveMassDelete(c6, "nope-staging", "alice"))
          .isInstanceOfSatisfying(
              RequestRefused.class,
              e -> assertThat(e.reason()).isEqualTo(RequestRefused.Reason.NOT_FOUND));

      EnvironmentState other =
          b.passAfter(
              "shop-staging", c6, () -> b.daemon.approveMassDelete(c5, "shop-staging", "mallory"));
      assertThat(other.result()).isEqualTo(Result.PENDING);
      assertThat(other.message()).contains("mass deletion awaits approval of commit " + c6);
      assertThat(running("shop01")).isTrue();
      assertThat(running("shop02")).isTrue();

      MassDeletionApproved[] approved = new MassDeletionApproved[1];
      EnvironmentState done =
          b.passAfter(
              "shop-staging",
              c6,
              () -> approved[0] = b.daemon.approveMassDelete(c6, null, "alice"));
      assertThat(approved[0].queued()).containsExactly("shop-staging");
      assertThat(done.message()).doesNotContain("awaits approval");
      assertThat(running("shop00")).isTrue();
      assertThat(running("shop01")).isFalse();
      assertThat(running("shop02")).isFalse();
      assertThat(defined("shop01")).isTrue();
      assertThat(budget(b.daemon.maintenance(null))).isEmpty();
      assertThat(scheduled(b.daemon.maintenance("shop-staging")))
          .isNotEmpty()
          .allSatisfy(i -> assertThat(i).containsEntry("kind", "grace"));
      assertThat(journal(b))
          .anySatisfy(m -> assertThat(m).contains("mass deletion approved by alice", c6))
          .anySatisfy(
              m -> assertThat(m).contains("operator override by alice: --allow-mass-delete"))
          .noneSatisfy(m -> assertThat(m).contains("override by mallory"));
    }
    try (StateStore store = StateStore.open(dir.resolve("state/store"))) {
      assertThat(store.entries(SafetyRecords.APPROVAL))
          .containsKeys(
              SafetyRecords.APPROVAL + c6 + "/*", SafetyRecords.APPROVAL + c5 + "/shop-staging");
    }
  }

  @Test
  void aHeldRestartIsRequeuedAndAppliedWhenItsWindowOpens() throws Exception {
    String c1 = push("fleet", web("kvm02", "1GiB"));
    try (SafetyDaemon d = new SafetyDaemon(dir.resolve("state"), remote, clock, false)) {
      d.daemon.start();
      Eventually.until("converged", () -> result(d, "web-staging", c1));

      String c2 = push("more memory", web("kvm02", "2GiB"));
      EnvironmentState held = d.passAfter("web-staging", c2, d.daemon::triggerFetch);
      assertThat(held.result()).isEqualTo(Result.PENDING);
      assertThat(held.message()).contains("waiting for maintenance window");
      List<Map<String, Object>> items = scheduled(d.daemon.maintenance(null));
      assertThat(items)
          .singleElement()
          .satisfies(
              i ->
                  assertThat(i)
                      .containsEntry("environment", "web-staging")
                      .containsEntry("resource", "domain/kvm02/web00")
                      .containsEntry("kind", "window")
                      .containsEntry("held", true));
      @SuppressWarnings("unchecked")
      Map<String, Object> window = (Map<String, Object>) items.get(0).get("window");
      assertThat(window).containsEntry("timezone", "Europe/Berlin");
      Instant opens = Instant.parse("2026-11-23T21:00:00Z");
      assertThat(java.time.OffsetDateTime.parse((String) window.get("opens")).toInstant())
          .isEqualTo(opens);
      assertThat(d.daemon.scheduledWakes()).containsEntry("web-staging", opens);
      assertThat(memoryKib("web00")).isEqualTo(1024L * 1024);

      clock.set(opens.minusSeconds(60));
      d.timer.fireDue();
      assertThat(d.daemon.scheduledWakes()).containsEntry("web-staging", opens);

      clock.set(opens.plusSeconds(60));
      EnvironmentState applied = d.passAfter("web-staging", c2, d.timer::fireDue);
      assertThat(applied.result()).isEqualTo(Result.APPLIED);
      assertThat(memoryKib("web00")).isEqualTo(2L * 1024 * 1024);
      assertThat(running("web00")).isTrue();
      assertThat(scheduled(d.daemon.maintenance("web-staging"))).isEmpty();
    }
  }

  @Test
  void aTerminalDriverFailureMarksTheEnvironmentFailedAndIsNotRetriedUntilTheCommitChanges()
      throws Exception {
    RefusingVolumes refusing = new RefusingVolumes("shop01-tmp");
    String c1 = push("fleet", shop("kvm01", 0, 1));
    try (SafetyDaemon d =
        new SafetyDaemon(dir.resolve("state"), remote, clock, false, List.of(refusing))) {
      d.daemon.start();
      Eventually.until(
          "failed terminally",
          () ->
              d.daemon
                  .environment("shop-staging")
                  .map(s -> c1.equals(s.commit()) && s.result() == Result.FAILED)
                  .orElse(false));
      EnvironmentState failed = d.daemon.environment("shop-staging").orElseThrow();
      assertThat(failed.conditions())
          .anySatisfy(c -> assertThat(c.reason()).isEqualTo(PassResult.TERMINAL));
      assertThat(failed.message()).contains("shop01-tmp").contains("refused by the test");
      assertThat(refusing.attempts()).isEqualTo(1);
      assertThat(running("shop00")).isTrue();

      EnvironmentState again = d.passAfter("shop-staging", c1, d.daemon::resync);
      assertThat(again.result()).isEqualTo(Result.FAILED);
      assertThat(refusing.attempts())
          .as("not retried at the same commit and live state")
          .isEqualTo(1);
      Thread.sleep(1000);
      assertThat(refusing.attempts()).as("no backoff retry either").isEqualTo(1);

      refusing.stop();
      String c2 =
          push(
              "shop00 grows",
              environment(
                  "shop",
                  2,
                  "",
                  vm("shop00", "kvm01", "2GiB", false) + vm("shop01", "kvm01", "1GiB", false)));
      d.daemon.triggerFetch();
      Eventually.until("retried at a new commit", () -> result(d, "shop-staging", c2));
      assertThat(refusing.attempts()).isEqualTo(2);
      assertThat(volumes("shop01")).hasSize(4);
    }
  }

  /** Refuses, terminally, to create one volume of a real driver until stopped; counts attempts. */
  private static final class RefusingVolumes
      implements dev.ringmaster.driver.spi.HypervisorDriverDecorator {
    private final String volume;
    private final java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean refusing = true;

    RefusingVolumes(String volume) {
      this.volume = volume;
    }

    int attempts() {
      return attempts.get();
    }

    void stop() {
      refusing = false;
    }

    @Override
    public dev.ringmaster.driver.spi.HypervisorDriver decorate(
        dev.ringmaster.driver.spi.HypervisorDriver driver) {
      return (dev.ringmaster.driver.spi.HypervisorDriver)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {dev.ringmaster.driver.spi.HypervisorDriver.class},
              (proxy, method, args) -> {
                if (method.getName().equals("ensureVolume")
                    && ((dev.ringmaster.driver.spi.VolumeResource) args[0]).name().equals(volume)) {
                  attempts.incrementAndGet();
                  if (refusing) {
                    throw dev.ringmaster.driver.spi.DriverException.terminal(
                        volume + " refused by the test", null);
                  }
                }
                try {
                  return method.invoke(driver, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  @Test
  void aCommitWithValidationErrorsIsRefusedByTheEngineAndTheCommitInForceKeepsConverging()
      throws Exception {
    String c1 = push("fleet", web("kvm02", "1GiB"));
    try (SafetyDaemon d = new SafetyDaemon(dir.resolve("state"), remote, clock, false)) {
      d.daemon.start();
      Eventually.until("converged", () -> result(d, "web-staging", c1));

      String broken =
          remote.write("environments/c.yaml", DaemonTest.BROKEN).commitAndPush("a broken c");
      d.daemon.triggerFetch();
      Eventually.until("refused", () -> d.daemon.refused().isPresent());
      RefusedCommit refused = d.daemon.refused().orElseThrow();
      assertThat(refused.commit()).isEqualTo(broken);
      assertThat(refused.inForce()).isEqualTo(c1);
      assertThat(refused.errors().get(0)).startsWith("environments/c.yaml:5:1: malformed YAML");
      assertThat(d.daemon.environments())
          .extracting(EnvironmentState::name)
          .containsExactly("web-staging");
      assertThat(d.daemon.readinessProblems()).isEmpty();

      domain("web00").destroy();
      EnvironmentState again = d.passAfter("web-staging", c1, d.daemon::resync);
      assertThat(again.result()).isNotEqualTo(Result.FAILED);
      assertThat(running("web00")).isTrue();

      String fixed = remote.delete("environments/c.yaml").commitAndPush("drop c");
      d.daemon.triggerFetch();
      Eventually.until(
          "the fix is in force",
          () ->
              d.daemon.snapshot().orElseThrow().commit().equals(fixed)
                  && d.daemon.refused().isEmpty());
      assertThat(d.daemon.environments())
          .extracting(EnvironmentState::name)
          .containsExactly("web-staging");
    }
  }

  private String push(String message, String... environments) {
    remote.write("hosts/kvm01.yaml", host("kvm01")).write("hosts/kvm02.yaml", host("kvm02"));
    for (String env : environments) {
      remote.write(
          "environments/" + env.lines().skip(2).findFirst().orElseThrow().substring(6) + ".yaml",
          env);
    }
    return remote.commitAndPush(message);
  }

  private static boolean result(SafetyDaemon d, String env, String commit) {
    return d.daemon
        .environment(env)
        .map(s -> commit.equals(s.commit()) && s.result() != null && s.result() != Result.FAILED)
        .orElse(false);
  }

  private static String host(String name) {
    return "apiVersion: ringmaster/v1\nkind: Hypervisor\nname: "
        + name
        + "\nuri: test:///default\nstoragePool: default-pool\ndomainType: qemu\n"
        + "bridges: { fe: br-fe, srv: br-srv }\ncapacity: { memory: 64GiB, cores: 16 }\n";
  }

  private static String environment(String group, int vlan, String extra, String vms) {
    return "apiVersion: ringmaster/v1\nkind: Environment\nname: "
        + group
        + "-staging\nresourceGroup: "
        + group
        + "\nlocation: whq\n"
        + extra
        + "networks:\n  fe:  { vlan: "
        + vlan
        + ", ipv4: 203.0.113."
        + vlan * 16
        + "/28, ipv6: \"2001:db8:"
        + vlan
        + "::/64\" }\n  srv: { vlan: "
        + (vlan + 1)
        + ", ipv4: 10."
        + vlan
        + ".0.0/24, ipv6: \"2001:db8:"
        + (vlan + 1)
        + "::/64\" }\n"
        + (vms.isEmpty() ? "vms: []\n" : "vms:\n" + vms);
  }

  private static String vm(String name, String host, String memory, boolean isProtected) {
    return "  - name: "
        + name
        + "\n    host: "
        + host
        + "\n    memory: "
        + memory
        + "\n    cores: 1\n    disk: 10GiB\n"
        + (isProtected ? "    protected: true\n" : "");
  }

  private static String shop(String host, int... numbers) {
    StringBuilder vms = new StringBuilder();
    for (int n : numbers) {
      vms.append(vm(String.format("shop%02d", n), host, "1GiB", false));
    }
    return environment("shop", 2, "", vms.toString());
  }

  private static String keep(String host, boolean withKeep) {
    return environment("keep", 6, "", withKeep ? vm("keep00", host, "1GiB", true) : "");
  }

  private static String web(String host, String memory) {
    return environment("web", 8, "", vm("web00", host, memory, false));
  }

  private Domain domain(String name) throws Exception {
    return libvirt.domainLookupByName(name);
  }

  private boolean defined(String name) throws Exception {
    return Arrays.asList(libvirt.listDefinedDomains()).contains(name) || running(name);
  }

  private boolean running(String name) throws Exception {
    for (int id : libvirt.listDomains()) {
      if (libvirt.domainLookupByID(id).getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private long memoryKib(String name) throws Exception {
    return domain(name).getMaxMemory();
  }

  private Map<String, Long> volumes(String vm) throws Exception {
    StoragePool pool = libvirt.storagePoolLookupByName("default-pool");
    pool.refresh(0);
    Map<String, Long> out = new TreeMap<>();
    for (String name : pool.listVolumes()) {
      if (name.startsWith(vm + "-")) {
        StorageVol v = pool.storageVolLookupByName(name);
        out.put(name, v.getInfo().capacity);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> scheduled(Map<String, Object> maintenance) {
    return (List<Map<String, Object>>) maintenance.get("scheduled");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> budget(Map<String, Object> maintenance) {
    return (List<Map<String, Object>>) maintenance.get("budget");
  }

  private static List<String> journal(SafetyDaemon d) {
    return d.daemon.events(Long.MAX_VALUE, 500).events().stream()
        .map(EventPage.Event::message)
        .toList();
  }
}
