package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.libvirt.testing.LibvirtdFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The change feed's lifetime on a real libvirtd while events fire all the time (another connection
 * keeps defining and undefining domains): many drivers are opened, watched and closed with the
 * collector running, and libvirtd is restarted twice under a watching driver, which must report the
 * lost stream, reconnect, relist and then deliver events again. Before the callbacks were
 * deregistered and held until libvirt freed them, this crashed the JVM in {@code
 * virEventRunDefaultImpl}.
 */
class WatchStressIT {
  private static final String HOST = "kvm01";

  private static LibvirtdFixture libvirtd;
  private static final AtomicBoolean stop = new AtomicBoolean();
  private static final AtomicInteger fired = new AtomicInteger();
  private static Thread churn;

  @BeforeAll
  static void start() {
    libvirtd = LibvirtdFixture.start();
    churn = new Thread(WatchStressIT::churn, "churn");
    churn.setDaemon(true);
    churn.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    stop.set(true);
    if (churn != null) {
      churn.join(20_000);
    }
    if (libvirtd != null) {
      libvirtd.close();
    }
  }

  @Test
  void watchCloseCyclesAndLibvirtdRestartsWhileEventsFire() throws Exception {
    int before = fired.get();
    for (int cycle = 0; cycle < 40; cycle++) {
      LibvirtDriver driver = open();
      driver.watch((host, env, object) -> {});
      assertThat(driver.watchProblem()).isEmpty();
      driver.observe();
      driver.close();
      if (cycle % 5 == 0) {
        System.gc();
      }
    }
    assertThat(fired.get()).as("events fired during the cycles").isGreaterThan(before);

    LibvirtDriver watching = open();
    try {
      watching.watch((host, env, object) -> {});
      watching.observe();
      for (int restart = 0; restart < 2; restart++) {
        int reconnects = watching.watchReconnects();
        libvirtd.restartLibvirtd();
        System.gc();
        awaitFeedUp(watching, reconnects);
        watching.observe(); // passes work on the new connection
        for (int cycle = 0; cycle < 5; cycle++) {
          LibvirtDriver other = open();
          other.watch((host, env, object) -> {});
          other.close();
        }
      }
    } finally {
      watching.close();
    }
    System.gc();
    assertThat(EventLoop.barrier(10_000)).isTrue();
    assertThat(EventRegistrations.live())
        .as("callbacks libvirt may still call after every driver closed")
        .isZero();
  }

  /** After a restart: the connection was replaced and the feed is up again. */
  private static void awaitFeedUp(LibvirtDriver driver, int reconnectsBefore)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && !(driver.watchReconnects() > reconnectsBefore && driver.watchProblem().isEmpty())) {
      Thread.sleep(100);
    }
    assertThat(driver.watchReconnects()).as("reconnected").isGreaterThan(reconnectsBefore);
    assertThat(driver.watchProblem()).as("feed up again").isEmpty();
  }

  private static LibvirtDriver open() {
    return new LibvirtDriverFactory()
        .open(TestHypervisors.of(HOST, libvirtd.uri(), LibvirtdFixture.POOL, null));
  }

  /** Defines and undefines domains as fast as libvirtd answers; reconnects across restarts. */
  private static void churn() {
    Connect c = null;
    for (int i = 0; !stop.get(); i++) {
      try {
        if (c == null) {
          c = new RawConnect(libvirtd.uri());
        }
        Domain d = c.domainDefineXML(xml("churn-" + (i % 4)));
        d.undefine();
        d.free();
        fired.incrementAndGet();
      } catch (Exception e) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception ignored) {
            // gone
          }
          c = null;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // gone
      }
    }
  }

  private static String xml(String name) {
    return "<domain type='qemu'><name>"
        + name
        + "</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu>"
        + "<os><type arch='x86_64'>hvm</type></os></domain>";
  }
}
