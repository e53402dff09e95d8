package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.DriverAccess;
import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.reconciler.desired.DesiredState;
import dev.ringmaster.reconciler.desired.KindDerivation;
import dev.ringmaster.reconciler.observe.KindObservation;
import dev.ringmaster.reconciler.observe.Observation;
import dev.ringmaster.reconciler.observe.ObservationBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Everything the engine knows about one kind of resource: how it is derived ({@link #derive}), how
 * it is read from a pass's observation, how a desired resource is compared with it (diff and impact
 * rules), where it is applied (ordering), and how a change is carried out through its driver.
 * Registered with {@link java.util.ServiceLoader} under {@code
 * META-INF/services/dev.ringmaster.reconciler.desired.KindDerivation}; see {@code docs/drivers.md}.
 *
 * <p>Every method but {@link #observe} and {@link #apply} is pure. Implementations are stateless
 * and thread-safe.
 */
public interface ResourceKindHandler extends KindDerivation {

  /** The driver family named in logs and metrics ({@code libvirt}, {@code nixos}, ...). */
  String driverName();

  // ---- observation ----

  /**
   * Observes this kind's objects once per pass when they are not part of a hypervisor's bulk
   * observation (a DNS zone). Read-only. The default observes nothing: the kind is read from the
   * hypervisors (or guests) the engine observes anyway.
   */
  default Optional<KindObservation> observe(DesiredState desired, DriverAccess drivers) {
    return Optional.empty();
  }

  /**
   * Why the place that holds {@code id} could not be observed in this pass; empty when it was. A
   * resource with a reason is held back (not planned, listed as unreachable), and so is every other
   * resource of its environment on the same endpoint; other kinds are not affected. The default:
   * the handler's own {@link KindObservation} when it has one, else the hypervisor {@code
   * id.host()}.
   */
  default Optional<String> unreachable(ResourceId id, Observation observed) {
    Optional<KindObservation> own = observed.of(kind());
    if (own.isPresent()) {
      return Optional.ofNullable(own.get().unreachable().get(id.host()));
    }
    if (observed.reachable(id.host()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(observed.unreachable().getOrDefault(id.host(), "not observed"));
  }

  /**
   * True when an endpoint of this kind that could not be observed (listed in a plan's unreachable
   * endpoints as {@code <kind>/<endpoint>}, e.g. {@code dns/<zone>}) holds back only this kind's
   * changes: the daemon applies the rest of the environment's plan and reports the pass as held
   * back. Default false: an unreachable endpoint stops the whole apply of its environments.
   */
  default boolean unreachableHoldsBackOnlyItself() {
    return false;
  }

  /**
   * False when this pass did not look at {@code id} although its endpoint is reachable (a guest
   * whose domain is not running): drift then says nothing about it. Default true.
   */
  default boolean looked(ResourceId id, Observation observed) {
    return true;
  }

  /**
   * Why {@code id} itself could not be read although its endpoint was (a guest that did not
   * answer); listed as unreachable without holding back anything else. Default empty.
   */
  default Optional<String> unanswered(ResourceId id, Observation observed) {
    return Optional.empty();
  }

  /**
   * The live attributes of {@code id}; empty when the object does not exist. {@code lastApplied} is
   * what was last applied to it (may be empty), for kinds whose lookup needs it (a volume's pool).
   * The default reads the handler's own {@link KindObservation}.
   */
  default Optional<SortedMap<String, String>> live(
      ResourceId id, SortedMap<String, String> lastApplied, Observation observed) {
    return observed.of(kind()).map(o -> o.objects().get(id));
  }

  /**
   * Adds {@code desired} to {@code live} as a pass would observe it once applied and owned by
   * Ringmaster: pull-request plans made without access to any hypervisor plan against the state the
   * base commit converged to. Pure. The default adds nothing, so an offline plan shows the resource
   * as missing.
   */
  default void observeApplied(DesiredResource desired, ObservationBuilder live) {}

  // ---- planning ----

  /**
   * What to do about one desired resource whose endpoint is reachable: create it, update it (with
   * the impact of its most severe difference), nothing, or refuse. Pure. The default compares the
   * attributes of {@link #live} with the desired ones: missing means create, different means a
   * {@code live} update.
   */
  default Planned plan(DesiredResource desired, Observation observed, LastApplied lastApplied) {
    SortedMap<String, String> last =
        lastApplied
            .get(desired.id())
            .map(AppliedRecord::attributes)
            .orElse(new java.util.TreeMap<>());
    return live(desired.id(), last, observed)
        .map(before -> Planned.compare(desired, before, Impact.LIVE))
        .orElseGet(() -> Planned.create(desired));
  }

  /**
   * The owned objects of this kind that are no longer desired and may be deleted: in {@code
   * observed}, not in {@code desired}, in scope. The default deletes the objects of the handler's
   * own {@link KindObservation}; the hypervisor kinds override the four-argument form instead.
   */
  default java.util.List<Change> leftovers(
      DesiredState desired, Observation observed, LastApplied lastApplied) {
    java.util.List<Change> out = new java.util.ArrayList<>();
    observed
        .of(kind())
        .ifPresent(
            o ->
                o.objects()
                    .forEach(
                        (id, attributes) -> {
                          String env =
                              lastApplied.get(id).map(AppliedRecord::environment).orElse("");
                          if (!desired.resources().containsKey(id)
                              && desired.inScope(env)
                              && o.unreachable().get(id.host()) == null) {
                            out.add(
                                new Change(
                                    id,
                                    env,
                                    Action.DELETE,
                                    deletionImpact(),
                                    attributes,
                                    new java.util.TreeMap<>(),
                                    null,
                                    "no longer in the fleet"));
                          }
                        }));
    return out;
  }

  /**
   * The owned objects of this kind to delete, as {@link #leftovers(DesiredState, Observation,
   * LastApplied)}, knowing which resources this pass may touch ({@code mayTouch(id, environment)}:
   * in scope, endpoint observed, environment not held back): for kinds whose leftovers follow from
   * what else the plan deletes (a deleted domain's disks, a network no remaining domain uses). The
   * planner calls this one; the default ignores {@code mayTouch} (the planner filters the result
   * with it anyway) and returns the three-argument form's result. Pure.
   */
  default java.util.List<Change> leftovers(
      DesiredState desired,
      Observation observed,
      LastApplied lastApplied,
      java.util.function.BiPredicate<ResourceId, String> mayTouch) {
    return leftovers(desired, observed, lastApplied);
  }

  /** The impact of deleting an owned object of this kind. The default: {@code destructive}. */
  default Impact deletionImpact() {
    return Impact.DESTRUCTIVE;
  }

  /**
   * When a pass is next needed for {@code change}'s object although neither Git nor the live state
   * changes (a backup falling due); empty when never (the default). The daemon wakes the
   * environment then. Pure.
   */
  default Optional<java.time.Instant> dueAt(Change change) {
    return Optional.empty();
  }

  // ---- apply ordering ----

  /**
   * True for objects shared by the chains of a host (networks): created before every chain of the
   * host and deleted after them. Default false.
   */
  default boolean sharedPerHost() {
    return false;
  }

  /**
   * The chain a resource is applied in on its host: changes of one chain run one after the other in
   * {@link dev.ringmaster.driver.spi.ResourceKind} order (deletions in reverse); chains run in
   * parallel. VM resources use the VM name. The default: the resource name.
   */
  default String chain(ResourceId id) {
    return id.name();
  }

  /**
   * True when this kind's driver is the hypervisor's and so calls hold the hypervisor's lock (the
   * driver is not thread-safe). Default true.
   */
  default boolean hypervisorBound() {
    return true;
  }

  /**
   * True for the parts of a VM (its domain, disks and first-boot seed): deleting one is deleting
   * the VM, so such deletions are staged, budgeted and reviewed together per VM ({@link #chain}).
   * Default false.
   */
  default boolean partOfVm() {
    return false;
  }

  /**
   * True when a change of this kind can only run once the earlier changes of its chain succeeded
   * and the domain runs (a guest's config). Default false.
   */
  default boolean needsRunningDomain() {
    return false;
  }

  /**
   * True for the one part of a VM that stands for the VM as a whole (its domain): it leads the VM's
   * staged deletion (the budget's hold and the soft delete are shown on it), and a VM counts as
   * last applied while a record of this kind exists. At most one kind says true. Default false.
   */
  default boolean standsForVm() {
    return false;
  }

  /**
   * What runs instead of {@code deletion} while its VM is soft-deleted (removed from Git, within
   * the grace period): for a domain, shutting it down and keeping it. The result carries {@code
   * reason}; a result whose {@code after} equals its {@code before} (a domain already shut off)
   * means there is nothing to do but wait, and the deletion is held. Empty (the default): the
   * deletion is held as it is. Pure.
   */
  default Optional<Change> softDeleted(Change deletion, String reason) {
    return Optional.empty();
  }

  /**
   * True when this kind's attributes carry the VM's accounts ({@code
   * dev.ringmaster.driver.spi.GuestAttributes#USERS}): a change dropping a service user from them
   * removes the user's home, so the gate retires the user first and stages the removal. Default
   * false.
   */
  default boolean carriesAccounts() {
    return false;
  }

  /**
   * The root disk size that {@code record} (last applied, of this kind) shows for its VM ({@link
   * #chain}); the validator refuses to shrink it. Empty (the default) when the record is not a root
   * disk. Pure.
   */
  default Optional<dev.ringmaster.model.Size> appliedRootDisk(AppliedRecord record) {
    return Optional.empty();
  }

  // ---- apply ----

  /**
   * Carries out {@code change} through this kind's driver. Idempotent: running it again after a
   * crash or a retry converges to the same end state. Throws {@link
   * dev.ringmaster.driver.spi.DriverException} (retryable or terminal) on failure.
   */
  void apply(Change change, DriverAccess drivers, Duration shutdownTimeout);
}
