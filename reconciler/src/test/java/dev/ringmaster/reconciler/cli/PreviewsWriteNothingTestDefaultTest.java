package dev.ringmaster.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.validate.AppliedRootDisks;
import dev.ringmaster.reconciler.engine.EngineFactory;
import dev.ringmaster.reconciler.engine.FleetSnapshot;
import dev.ringmaster.reconciler.engine.ReconcilerConfig;
import dev.ringmaster.reconciler.review.FleetRepo;
import dev.ringmaster.reconciler.review.PullRequestPlanner;
import dev.ringmaster.reconciler.testing.CliRun;
import dev.ringmaster.reconciler.testing.FleetYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Every preview writes nothing: against a state store populated by two applies (last-applied
 * records, journal, plan and drift history, known-since instants of held restarts, soft-delete
 * marks, protection), CLI {@code plan}, {@code drift}, {@code status}, pull-request plans offline
 * and {@code --live}, the single-environment plan the daemon's {@code GET .../plan} runs and the
 * live pull-request plan of {@code GET /v1/plan?ref=} leave every key and value of every column
 * family as it was. Real engine, RocksDB, Git and libvirt's {@code test:///default}; hypervisor
 * {@code kvm09} and environment {@code pv-staging} are this test's own.
 */
class PreviewsWriteNothingTestDefaultTest {
  private static final String HOSTS = FleetYaml.testHypervisor("kvm09", "09");

  @TempDir Path dir;
  @TempDir Path state;

  private static String env(String pv00Memory, String pv01Memory, boolean withPv02) {
    FleetYaml.Environment env =
        FleetYaml.environment("pv-staging", "pv")
            .networks(50, "198.51.100.0/26")
            .vm("pv00", "kvm09", pv00Memory, "10GiB")
            .vm("pv01", "kvm09", pv01Memory, "10GiB");
    return (withPv02 ? env.vm("pv02", "kvm09", "1GiB", "10GiB") : env).yaml();
  }

  @Test
  void everyPreviewLeavesEveryKeyAndValueOfTheStoreUnchanged() throws Exception {
    Connect keepAlive = new Connect("test:///default");
    try (FleetRepo repo = FleetRepo.init(dir)) {
      repo.write("hosts/hosts.yaml", HOSTS)
          .write("environments/pv.yaml", env("1GiB", "1GiB", true))
          .commit("three VMs");
      CliRun first = run("apply");
      assertThat(first.status()).as(first.out() + first.err()).isZero();
      RevCommit held =
          repo.write("environments/pv.yaml", env("2GiB", "1GiB", false))
              .commit("pv00 grows (restart held), pv02 goes (staged)");
      CliRun staged = run("apply", "--allow-destroy");
      assertThat(staged.status()).as(staged.out() + staged.err()).isNotEqualTo(1);
      RevCommit next =
          repo.write("environments/pv.yaml", env("2GiB", "4GiB", false)).commit("pv01 grows too");

      Map<String, String> before = dump(state);
      assertThat(before.keySet())
          .as("a populated store")
          .anyMatch(k -> k.startsWith("applied/"))
          .anyMatch(k -> k.startsWith("journal/"))
          .anyMatch(k -> k.startsWith("plans/"))
          .anyMatch(k -> k.startsWith("kv/known/"))
          .anyMatch(k -> k.startsWith("kv/softdelete/"));

      List<CliRun> previews = new ArrayList<>();
      previews.add(run("plan"));
      previews.add(run("plan", "--format", "json"));
      previews.add(run("drift"));
      previews.add(run("status"));
      previews.add(run("plan", "--base", held.name(), "--head", next.name()));
      previews.add(run("plan", "--base", held.name(), "--head", next.name(), "--live"));
      previews.forEach(r -> assertThat(r.status()).as(r.out() + r.err()).isNotEqualTo(1));
      daemonPreviews(repo, held, next);

      assertThat(dump(state)).isEqualTo(before);
    } finally {
      keepAlive.close();
    }
  }

  /** What {@code GET /v1/environments/{n}/plan} and {@code GET /v1/plan?ref=} run. */
  private void daemonPreviews(FleetRepo repo, RevCommit base, RevCommit head) {
    StringWriter err = new StringWriter();
    FleetSnapshot snapshot =
        Session.loadAndReport(dir, AppliedRootDisks.NONE, new PrintWriter(err)).orElseThrow();
    try (EngineFactory.Engine engine =
        EngineFactory.open(state, Map.of(), ReconcilerConfig.defaults())) {
      assertThat(engine.reconciler().plan(snapshot, Set.of("pv-staging")).plan().changes())
          .isNotEmpty();
      assertThat(
              PullRequestPlanner.planLive(
                      repo.git().getRepository(), base.name(), head.name(), engine.reconciler())
                  .exitCode())
          .isNotEqualTo(1);
    }
  }

  private CliRun run(String... args) {
    return CliRun.run(dir, state, args);
  }

  /** Every key and value of every column family, as {@code family/key} to hex. */
  static Map<String, String> dump(Path path) throws Exception {
    Map<String, String> out = new TreeMap<>();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, path.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.openReadOnly(options, path.toString(), descriptors, handles)) {
      for (ColumnFamilyHandle h : handles) {
        String family = new String(h.getName(), StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator(h)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            out.put(family + "/" + printable(it.key()), HexFormat.of().formatHex(it.value()));
          }
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
    return out;
  }

  private static String printable(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    return text.chars().allMatch(c -> c >= 32 && c < 127) ? text : HexFormat.of().formatHex(key);
  }
}
