package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The change feed's lifetime against libvirt's embedded {@code test:///default} driver, whose
 * connections in one process share one state, so the events of one connection's changes reach the
 * callbacks of every other: many drivers are opened, watched and closed while another connection
 * keeps defining and undefining domains and the collector runs. A callback left registered after
 * its driver closed, or freed while libvirt can still call it, crashes the JVM here.
 */
class WatchLifecycleTestDefaultTest {
  private static final String URI = "test:///default";

  @Test
  void manyWatchCloseCyclesWhileEventsFire() throws Exception {
    Connect firing = new RawConnect(URI);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> firingFailed = new AtomicReference<>();
    AtomicInteger fired = new AtomicInteger();
    Thread churn =
        new Thread(
            () -> {
              try {
                for (int i = 0; !stop.get(); i++) {
                  Domain d = firing.domainDefineXML(domainXml("churn-" + (i % 4)));
                  d.undefine();
                  d.free();
                  fired.incrementAndGet();
                }
              } catch (Throwable e) {
                firingFailed.set(e);
              }
            },
            "churn");
    churn.start();
    AtomicInteger reportedAfterClose = new AtomicInteger();
    try {
      for (int cycle = 0; cycle < 150; cycle++) {
        AtomicBoolean closed = new AtomicBoolean();
        LibvirtDriver driver =
            new LibvirtDriverFactory().open(TestHypervisors.of("kvm01", URI, "default-pool", null));
        driver.watch(
            (host, env, object) -> {
              if (closed.get()) {
                reportedAfterClose.incrementAndGet();
              }
            });
        assertThat(driver.watchProblem()).isEmpty();
        driver.observe();
        driver.close();
        closed.set(true);
        if (cycle % 10 == 0) {
          System.gc();
        }
      }
      System.gc();
      Thread.sleep(200);
      System.gc();
      assertThat(EventLoop.barrier(5000)).isTrue();
      Thread.sleep(200);
    } finally {
      stop.set(true);
      churn.join(10_000);
      firing.close();
    }
    assertThat(firingFailed.get()).isNull();
    assertThat(fired.get()).isPositive();
    assertThat(reportedAfterClose.get()).isZero();
    assertThat(EventRegistrations.live())
        .as("callbacks libvirt may still call after every driver closed")
        .isZero();
  }

  private static String domainXml(String name) {
    return "<domain type='test'><name>"
        + name
        + "</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu>"
        + "<os><type arch='x86_64'>hvm</type></os></domain>";
  }
}
