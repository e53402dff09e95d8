package dev.ringmaster.reconciler.apply;

import dev.ringmaster.driver.spi.ActivationResult;
import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DomainResource;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.GuestDriver;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.driver.spi.HypervisorDriver;
import dev.ringmaster.driver.spi.NetworkResource;
import dev.ringmaster.driver.spi.VolumeResource;
import dev.ringmaster.reconciler.dns.DnsActions;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.Impact;
import java.time.Duration;

/**
 * The driver calls that carry out one change. Every call is idempotent, so a retry is safe. A
 * domain update without a desired resource is a soft delete: the domain is shut down and kept.
 */
final class DriverActions {
  private final HypervisorDriver hypervisor;
  private final GuestDriver guests;
  private final DnsDriver dns;
  private final Duration shutdownTimeout;

  DriverActions(HypervisorDriver hypervisor, GuestDriver guests, Duration shutdownTimeout) {
    this(hypervisor, guests, null, shutdownTimeout);
  }

  DriverActions(
      HypervisorDriver hypervisor, GuestDriver guests, DnsDriver dns, Duration shutdownTimeout) {
    this.hypervisor = hypervisor;
    this.guests = guests;
    this.dns = dns;
    this.shutdownTimeout = shutdownTimeout;
  }

  void perform(Change change) {
    switch (change.resource().kind()) {
      case NETWORK -> network(change);
      case VOLUME -> volume(change);
      case DOMAIN -> domain(change);
      case GUEST -> guest(change);
      case DNS -> DnsActions.perform(dns, change);
    }
  }

  private void network(Change change) {
    if (change.action() == Action.DELETE) {
      hypervisor.deleteNetwork(change.resource().name());
      return;
    }
    NetworkResource n = (NetworkResource) change.desired();
    if (change.action() == Action.UPDATE && change.impact() == Impact.RESTART) {
      hypervisor.deleteNetwork(n.name());
    }
    hypervisor.ensureNetwork(n);
  }

  private void volume(Change change) {
    if (change.action() == Action.DELETE) {
      hypervisor.deleteVolume(change.before().get("pool"), change.resource().name());
    } else {
      hypervisor.ensureVolume((VolumeResource) change.desired());
    }
  }

  private void domain(Change change) {
    if (change.action() == Action.DELETE) {
      hypervisor.deleteDomain(change.resource().name(), shutdownTimeout);
      return;
    }
    if (change.desired() == null) {
      hypervisor.shutdownDomain(change.resource().name(), shutdownTimeout);
      return;
    }
    DomainResource d = (DomainResource) change.desired();
    if (change.impact() == Impact.RESTART) {
      hypervisor.shutdownDomain(d.name(), shutdownTimeout);
    }
    hypervisor.defineDomain(d);
    if (d.running()) {
      hypervisor.startDomain(d.name());
    } else if ("true".equals(change.before().get("running"))) {
      hypervisor.shutdownDomain(d.name(), shutdownTimeout);
    }
  }

  private void guest(Change change) {
    if (change.action() == Action.DELETE) {
      return;
    }
    if (guests == null) {
      throw DriverException.terminal("no guest driver is configured", null);
    }
    GuestResource g = (GuestResource) change.desired();
    if (change.impact() == Impact.DESTRUCTIVE) {
      GuestChanges.removedServiceUsers(change)
          .forEach(u -> guests.removeServiceHome(g.target(), u));
    }
    ActivationResult result = guests.apply(g.target(), g.hostConfigJson(), g.configHash());
    if (!result.success()) {
      throw DriverException.terminal(
          "activation failed with status "
              + result.exitStatus()
              + (result.rolledBack() ? " (rolled back)" : "")
              + ": "
              + result.outputTail(),
          null);
    }
  }
}
