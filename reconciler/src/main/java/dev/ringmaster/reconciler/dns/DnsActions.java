package dev.ringmaster.reconciler.dns;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DnsNameChange;
import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;

/**
 * Carries out one planned DNS change with the DNS driver: the change's {@code before} becomes the
 * update's prerequisites, so a name changed by hand since the plan was made is refused, not
 * overwritten. Idempotent as the driver is.
 */
public final class DnsActions {
  private DnsActions() {}

  public static void perform(DnsDriver driver, Change change) {
    if (driver == null) {
      throw DriverException.terminal("no DNS driver is installed", null);
    }
    if (!(change.desired() instanceof DnsRecordResource r)) {
      throw DriverException.terminal(change.resource() + " carries no DNS zone", null);
    }
    DnsNameChange nameChange =
        new DnsNameChange(
            r.name(),
            change.action() == Action.CREATE,
            DnsRecordResource.recordsOf(change.before()),
            change.action() == Action.DELETE ? new java.util.TreeMap<>() : r.records());
    driver.apply(r.target(), nameChange);
  }
}
