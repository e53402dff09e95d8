package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.apply.ActionResult;
import dev.ringmaster.reconciler.apply.ApplyListener;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs every driver action with its start, end, duration and request id (pass and index), with MDC
 * keys {@code resource} and {@code driver}, and times it in the driver-call metric.
 */
final class LoggingListener implements ApplyListener {
  private static final Logger LOG = Logger.getLogger(LoggingListener.class);
  private final RingmasterMetrics metrics;

  LoggingListener(RingmasterMetrics metrics) {
    this.metrics = metrics;
  }

  static String driverOf(Change change) {
    return ResourceKinds.installed().of(change.resource()).driverName();
  }

  @Override
  public void started(int index, int total, Change change) {
    MDC.put("resource", change.resource().toString());
    MDC.put("driver", driverOf(change));
    LOG.infof(
        "start %d/%d %s %s (%s)",
        index, total, change.action(), change.resource(), change.impact().key());
  }

  @Override
  public void finished(ActionResult result) {
    Change change = result.change();
    String operation =
        change.action().name().toLowerCase(Locale.ROOT)
            + "-"
            + change.resource().kind().name().toLowerCase(Locale.ROOT);
    metrics.driverCall(driverOf(change), operation, result.duration());
    LOG.infof(
        "end %d/%d %s %s: %s in %d ms%s",
        result.index(),
        result.total(),
        change.action(),
        change.resource(),
        result.outcome(),
        result.duration().toMillis(),
        result.message().isEmpty() ? "" : " (" + result.message() + ")");
    MDC.remove("resource");
    MDC.remove("driver");
  }
}
