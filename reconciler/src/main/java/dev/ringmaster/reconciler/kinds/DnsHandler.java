package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DnsRecordResource;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.dns.DnsActions;
import dev.ringmaster.reconciler.dns.DnsDesired;
import dev.ringmaster.reconciler.dns.DnsObservation;
import dev.ringmaster.reconciler.dns.DnsObserver;
import dev.ringmaster.reconciler.dns.DnsTargets;
import dev.ringmaster.reconciler.dns.DnsZones;
import dev.ringmaster.reconciler.observe.KindObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.AppliedRecord;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.LastApplied;
import dev.ringmaster.reconciler.plan.Planned;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * DNS names of VMs ({@code dns/<zone>/<name>}): derived from each environment's zone, observed with
 * one signed zone transfer per zone and pass, planned against the names Ringmaster owns (those
 * whose ownership marker names the zone's owner id), and carried out with the {@link DnsDriver}
 * found with {@link java.util.ServiceLoader}. A zone is its own endpoint: when its server cannot be
 * read only its changes wait. A zone whose server is not configured on this machine is neither
 * planned nor drift: its names are simply not maintained here. Each name is its own chain, and
 * calls take no hypervisor's lock.
 */
public final class DnsHandler implements ResourceKindHandler {
  private static final Logger LOG = Logger.getLogger(DnsHandler.class);

  /** Sets of unconfigured zones already logged: said once per process, not on every pass. */
  private static final Set<Set<String>> REPORTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Override
  public ResourceKind kind() {
    return ResourceKind.DNS;
  }

  @Override
  public String driverName() {
    return "dns";
  }

  @Override
  public List<DesiredResource> derive(Fleet fleet, Environment environment) {
    return List.copyOf(DnsDesired.of(fleet, Set.of(environment.name())).values());
  }

  @Override
  public Optional<KindObservation> observe(DesiredState desired, DriverAccess drivers) {
    SortedMap<String, DnsZoneTarget> targets = zonesToRead(desired);
    DnsDriver driver = drivers.driver(DnsDriver.class).orElse(null);
    DnsObservation read = DnsObserver.observe(driver, targets.values(), System.getenv());
    if (!read.unconfigured().isEmpty() && REPORTED.add(read.unconfigured().keySet())) {
      LOG.infof(
          "DNS names not maintained from this machine in zone(s) %s: %s",
          String.join(", ", read.unconfigured().keySet()),
          String.join("; ", new java.util.TreeSet<>(read.unconfigured().values())));
    }
    return Optional.of(DnsZones.observation(targets, read, desired));
  }

  /** The zones of the environments in scope (every zone of the fleet for a whole-fleet pass). */
  private static SortedMap<String, DnsZoneTarget> zonesToRead(DesiredState desired) {
    SortedMap<String, DnsZoneTarget> all = DnsTargets.all(desired.fleet());
    if (desired.scope().isEmpty()) {
      return all;
    }
    SortedMap<String, DnsZoneTarget> out = new TreeMap<>();
    for (String env : desired.scope()) {
      desired
          .fleet()
          .environment(env)
          .flatMap(e -> desired.fleet().dnsZoneOf(e))
          .ifPresent(
              z -> {
                out.put(z.name(), all.get(z.name()));
                z.reverseZones().forEach(r -> out.put(r, all.get(r)));
                out.values().removeIf(java.util.Objects::isNull);
              });
    }
    for (DesiredResource r : desired.ofKind(ResourceKind.DNS)) {
      out.put(r.id().host(), ((DnsRecordResource) r).target());
    }
    return out;
  }

  /** An unreachable DNS server holds back only the DNS changes. */
  @Override
  public boolean unreachableHoldsBackOnlyItself() {
    return true;
  }

  /**
   * The zone's read failure. A pass that did not observe DNS at all (an offline pull-request plan)
   * knows nothing of the zones: their names are then neither planned nor unreachable.
   */
  @Override
  public Optional<String> unreachable(ResourceId id, Observation observed) {
    return observed.of(kind()).map(o -> o.unreachable().get(id.host()));
  }

  @Override
  public boolean looked(ResourceId id, Observation observed) {
    return observed.of(kind()).map(o -> DnsZones.read(o, id.host())).orElse(false);
  }

  @Override
  public Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed.of(kind()).flatMap(o -> DnsZones.owned(o, id));
  }

  @Override
  public Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    KindObservation o = observed.of(kind()).orElse(null);
    if (o == null || !DnsZones.read(o, desired.id().host())) {
      return Planned.nothing();
    }
    Optional<String> foreign = DnsZones.foreign(o, desired.id());
    if (foreign.isPresent()) {
      return Planned.refuse(desired, foreign.get());
    }
    return DnsZones.owned(o, desired.id())
        .map(before -> Planned.compare(desired, before, Impact.LIVE))
        .orElseGet(
            () ->
                Planned.of(
                    new Change(
                        desired.id(),
                        desired.environment(),
                        Action.CREATE,
                        Impact.LIVE,
                        new TreeMap<>(),
                        desired.attributes(),
                        desired,
                        DnsZones.describe(desired.attributes()))));
  }

  @Override
  public List<Change> leftovers(
      DesiredState desired, Observation observed, LastApplied lastApplied) {
    List<Change> out = new ArrayList<>();
    KindObservation o = observed.of(kind()).orElse(null);
    if (o == null) {
      return out;
    }
    SortedMap<String, DnsZoneTarget> targets = DnsTargets.all(desired.fleet());
    for (ResourceId id : DnsZones.ownedNames(o)) {
      DnsZoneTarget target = targets.get(id.host());
      String env = lastApplied.get(id).map(AppliedRecord::environment).orElse("");
      if (target == null
          || desired.resources().containsKey(id)
          || !desired.inScope(env)
          || !DnsZones.read(o, id.host())) {
        continue;
      }
      SortedMap<String, String> before = DnsZones.owned(o, id).orElse(new TreeMap<>());
      out.add(
          new Change(
              id,
              env,
              Action.DELETE,
              deletionImpact(),
              before,
              new TreeMap<>(),
              new DnsRecordResource(target, id.name(), env, new TreeMap<>()),
              "no VM has this name any more; releases " + DnsZones.describe(before)));
    }
    return out;
  }

  /** Releasing a name loses nothing that the fleet could not give back. */
  @Override
  public Impact deletionImpact() {
    return Impact.LIVE;
  }

  @Override
  public boolean hypervisorBound() {
    return false;
  }

  @Override
  public String chain(ResourceId id) {
    return id.host() + "/" + id.name();
  }

  @Override
  public void apply(Change change, DriverAccess drivers, Duration shutdownTimeout) {
    DnsActions.perform(drivers.driver(DnsDriver.class).orElse(null), change);
  }
}
