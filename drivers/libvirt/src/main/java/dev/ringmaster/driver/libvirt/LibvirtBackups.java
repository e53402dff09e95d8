package dev.ringmaster.driver.libvirt;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.ringmaster.driver.spi.BackupConsistency;
import dev.ringmaster.driver.spi.BackupDriver;
import dev.ringmaster.driver.spi.BackupNames;
import dev.ringmaster.driver.spi.CrashReason;
import dev.ringmaster.driver.spi.DriverException;
import dev.ringmaster.driver.spi.ObservedBackup;
import dev.ringmaster.model.backup.BackupChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link BackupDriver} over a {@link LibvirtDriver}'s connection. A running domain is backed up
 * with a push-mode backup job ({@code virDomainBackupBegin}) whose target is a qcow2 file in the
 * backup pool's directory, followed through the job statistics until it ends; its file systems are
 * frozen through the QEMU guest agent for the instant the job begins when the domain has an agent
 * channel and the agent answers. The job creates a checkpoint named after the backup; the next
 * backup is incremental on the newest one when {@link BackupChain#next} allows and its checkpoint
 * is still there: a qcow2 overlay, created through the storage API with the base's data volume as
 * backing file and filled by an incremental job ({@link DomainCheckpoints}). A shut-off (or
 * undefined) VM's root volume is copied with {@code virStorageVolCreateXMLFrom}. A backup is
 * complete once its mark volume exists ({@link BackupNames}). Not thread-safe: the owning driver
 * serialises calls.
 */
final class LibvirtBackups implements BackupDriver {
  private static final Duration POLL = Duration.ofMillis(200);

  private final String host;
  private final Supplier<RawConnect> connect;
  private final Duration jobTimeout;
  private final Object lock;

  /** Calls hold {@code lock} (the owning driver), as the driver's own calls do. */
  LibvirtBackups(String host, Supplier<RawConnect> connect, Duration jobTimeout, Object lock) {
    this.host = host;
    this.connect = connect;
    this.jobTimeout = jobTimeout;
    this.lock = lock;
  }

  @Override
  public List<ObservedBackup> list(String pool) {
    synchronized (lock) {
      return listBackups(pool);
    }
  }

  @Override
  public ObservedBackup take(
      String pool, String vm, String rootPool, String rootVolume, Instant at) {
    synchronized (lock) {
      return takeBackup(pool, vm, rootPool, rootVolume, at);
    }
  }

  @Override
  public void delete(String pool, String vm, Instant takenAt) {
    synchronized (lock) {
      deleteVolumes(pool, vm, BackupNames.truncate(takenAt));
      deleteCheckpoint(vm, takenAt);
    }
  }

  /** Best effort: libvirt deletes checkpoints of running domains only (the next backup sweeps). */
  private void deleteCheckpoint(String vm, Instant takenAt) {
    Pointer dom = BackupNative.INSTANCE.virDomainLookupByName(connect.get().pointer(), vm);
    if (dom == null) {
      return;
    }
    try {
      if (BackupNative.INSTANCE.virDomainIsActive(dom) == 1) {
        DomainCheckpoints.delete(dom, BackupNames.checkpoint(takenAt));
      }
    } finally {
      BackupNative.INSTANCE.virDomainFree(dom);
    }
  }

  private List<ObservedBackup> listBackups(String pool) {
    String object = "backup pool " + pool;
    StoragePool p = lookupPool(pool);
    try {
      call(
          object,
          () -> {
            p.refresh(0);
            return null;
          });
      String[] names = call(object, p::listVolumes);
      Map<String, BackupNames.Parsed> marks = new HashMap<>();
      Map<String, BackupNames.Parsed> data = new HashMap<>();
      for (String name : names) {
        Optional<BackupNames.Parsed> parsed = BackupNames.parse(name);
        if (parsed.isEmpty() || !parsed.get().host().equals(host)) {
          continue;
        }
        BackupNames.Parsed b = parsed.get();
        (b.isData() ? data : marks).put(b.vm() + "@" + b.takenAt(), b);
      }
      List<ObservedBackup> out = new ArrayList<>();
      data.forEach(
          (key, b) -> {
            BackupNames.Parsed m = marks.get(key);
            out.add(
                m == null
                    ? new ObservedBackup(host, pool, b.vm(), b.takenAt(), null, false, null)
                    : new ObservedBackup(
                        host,
                        pool,
                        b.vm(),
                        b.takenAt(),
                        m.consistency(),
                        true,
                        null,
                        m.reason(),
                        m.basedOn()));
          });
      out.sort(Comparator.comparing(ObservedBackup::takenAt).thenComparing(ObservedBackup::vm));
      return out;
    } finally {
      free(p);
    }
  }

  private ObservedBackup takeBackup(
      String pool, String vm, String rootPool, String rootVolume, Instant at) {
    Instant when = BackupNames.truncate(at);
    String dataName = BackupNames.data(host, vm, when);
    String object = "backup " + dataName;
    List<BackupChain.Link> links = new ArrayList<>();
    for (ObservedBackup b : listBackups(pool)) {
      if (b.vm().equals(vm) && b.takenAt().equals(when) && b.complete()) {
        return b;
      }
      if (b.vm().equals(vm) && b.complete()) {
        links.add(new BackupChain.Link(b.takenAt(), b.basedOn()));
      }
    }
    deleteVolumes(pool, vm, when);
    Outcome outcome =
        running(vm)
            ? backUpRunning(
                pool, vm, rootPool, rootVolume, when, BackupChain.next(links, when).base(), object)
            : copyVolume(pool, rootPool, rootVolume, dataName, object);
    StoragePool p = lookupPool(pool);
    try {
      String mark =
          BackupNames.mark(
              host, vm, when, outcome.consistency(), outcome.crashReason(), outcome.basedOn());
      call(
          object,
          () -> {
            p.refresh(0);
            return null;
          });
      StorageVol v = call(object, () -> p.storageVolCreateXML(VolumeXmlOf.empty(mark), 0));
      free(v);
    } finally {
      free(p);
    }
    return new ObservedBackup(
        host,
        pool,
        vm,
        when,
        outcome.consistency(),
        true,
        null,
        outcome.crashReason(),
        outcome.basedOn());
  }

  /** How a backup was taken: what its mark records. */
  record Outcome(BackupConsistency consistency, String crashReason, Instant basedOn) {
    static Outcome frozen(Instant basedOn) {
      return new Outcome(BackupConsistency.FROZEN, "", basedOn);
    }

    static Outcome crash(String reason, Instant basedOn) {
      return new Outcome(BackupConsistency.CRASH, reason, basedOn);
    }
  }

  private void deleteVolumes(String pool, String vm, Instant when) {
    StoragePool p = lookupPool(pool);
    try {
      String[] all = call("backup pool " + pool, p::listVolumes);
      List<String> names = new ArrayList<>();
      String data = BackupNames.data(host, vm, when);
      for (String name : all) {
        if (BackupNames.isMarkOf(name, host, vm, when)) {
          names.add(name);
        }
      }
      names.add(data);
      for (String name : names) {
        String object = "backup volume " + name;
        StorageVol v = lookupVolume(p, name, object);
        if (v != null) {
          try {
            call(
                object,
                () -> {
                  v.delete(0);
                  return null;
                });
          } finally {
            free(v);
          }
        }
      }
    } finally {
      free(p);
    }
  }

  private boolean running(String vm) {
    Pointer dom = BackupNative.INSTANCE.virDomainLookupByName(connect.get().pointer(), vm);
    if (dom == null) {
      return false;
    }
    try {
      return BackupNative.INSTANCE.virDomainIsActive(dom) == 1;
    } finally {
      BackupNative.INSTANCE.virDomainFree(dom);
    }
  }

  private Outcome copyVolume(
      String pool, String rootPool, String rootVolume, String dataName, String object) {
    createFromRoot(
        pool,
        rootPool,
        rootVolume,
        object,
        (target, root, capacity) ->
            target.storageVolCreateXMLFrom(VolumeXmlOf.qcow2(dataName, capacity), root, 0));
    return Outcome.crash(CrashReason.SHUT_OFF, null);
  }

  private Outcome backUpRunning(
      String pool,
      String vm,
      String rootPool,
      String rootVolume,
      Instant when,
      Instant base,
      String object) {
    String rootPath = volumePath(rootPool, rootVolume, object);
    String poolPath = poolPath(pool, object);
    String targetPath = poolPath + "/" + BackupNames.data(host, vm, when);
    Connect c = connect.get();
    String domainXml;
    try (Handles handles = new Handles()) {
      org.libvirt.Domain d = handles.track(call(object, () -> c.domainLookupByName(vm)));
      domainXml = call(object, () -> d.getXMLDesc(0));
    }
    Document domain = Xml.parse(domainXml);
    BackupXml.DiskSource root = new BackupXml.DiskSource(rootPool, rootVolume, rootPath);
    String checkpoint = BackupNames.checkpoint(when);
    String checkpointXml =
        keepsBitmaps(rootPool, rootVolume, object)
            ? BackupXml.checkpoint(domain, root, checkpoint, object, host)
            : null;
    Pointer dom = BackupNative.INSTANCE.virDomainLookupByName(connect.get().pointer(), vm);
    if (dom == null) {
      throw LibvirtErrors.fromNative(host, object);
    }
    try {
      DomainCheckpoints.delete(dom, checkpoint);
      String baseCheckpoint = base == null ? null : BackupNames.checkpoint(base);
      if (checkpointXml != null
          && baseCheckpoint != null
          && DomainCheckpoints.exists(dom, baseCheckpoint)) {
        String basePath = poolPath + "/" + BackupNames.data(host, vm, base);
        createOverlay(pool, rootPool, rootVolume, BackupNames.data(host, vm, when), basePath);
        String backupXml = BackupXml.push(domain, root, targetPath, baseCheckpoint, object, host);
        try {
          String why =
              begin(
                  dom,
                  domainXml,
                  backupXml,
                  checkpointXml,
                  BackupNative.BACKUP_BEGIN_REUSE_EXTERNAL,
                  object);
          awaitJob(dom, object);
          DomainCheckpoints.keepOnly(dom, checkpoint);
          return why.isEmpty() ? Outcome.frozen(base) : Outcome.crash(why, base);
        } catch (DriverException e) {
          // The base's bitmap is unusable (a disk replaced under the domain): start a new chain.
          DomainCheckpoints.delete(dom, baseCheckpoint);
          DomainCheckpoints.delete(dom, checkpoint);
          deleteVolumes(pool, vm, when);
        }
      }
      String backupXml = BackupXml.push(domain, root, targetPath, null, object, host);
      String why;
      try {
        why = begin(dom, domainXml, backupXml, checkpointXml, 0, object);
      } catch (DriverException e) {
        if (checkpointXml == null) {
          throw e;
        }
        // QEMU could not keep the checkpoint's bitmap in the root disk: a full backup without one.
        why = begin(dom, domainXml, backupXml, null, 0, object);
      }
      awaitJob(dom, object);
      DomainCheckpoints.keepOnly(dom, checkpoint);
      return why.isEmpty() ? Outcome.frozen(null) : Outcome.crash(why, null);
    } finally {
      BackupNative.INSTANCE.virDomainFree(dom);
    }
  }

  /**
   * Starts the backup job with the guest's file systems frozen when its agent answers; returns the
   * {@link CrashReason} key when they were not (empty when frozen).
   */
  private String begin(
      Pointer dom,
      String domainXml,
      String backupXml,
      String checkpointXml,
      int flags,
      String object) {
    String crashReason = freeze(dom, domainXml);
    boolean frozen = crashReason.isEmpty();
    DriverException failed = null;
    try {
      if (BackupNative.INSTANCE.virDomainBackupBegin(dom, backupXml, checkpointXml, flags) < 0) {
        failed = LibvirtErrors.fromNative(host, object + " (backup begin)");
      }
    } finally {
      if (frozen) {
        BackupNative.INSTANCE.virDomainFSThaw(dom, null, 0, 0);
      }
    }
    if (failed != null) {
      throw failed;
    }
    return crashReason;
  }

  /**
   * Whether the root disk can keep a checkpoint's dirty bitmap: qcow2 version 3. A raw disk or a
   * qcow2 version 2 one (made by an older Ringmaster) is backed up in full every time.
   */
  private boolean keepsBitmaps(String rootPool, String rootVolume, String object) {
    StoragePool p = lookupPool(rootPool);
    try {
      StorageVol v = lookupVolume(p, rootVolume, object);
      if (v == null) {
        return false;
      }
      try {
        Element target =
            Xml.first(
                Xml.parse(call(object, () -> v.getXMLDesc(0))).getDocumentElement(), "target");
        Element format = target == null ? null : Xml.first(target, "format");
        String compat = target == null ? "" : Xml.text(target, "compat");
        return format != null
            && "qcow2".equals(format.getAttribute("type"))
            && !compat.isBlank()
            && !compat.equals("0.10");
      } finally {
        free(v);
      }
    } finally {
      free(p);
    }
  }

  /** The data volume of an incremental backup: an empty qcow2 overlay on its base's. */
  private void createOverlay(
      String pool, String rootPool, String rootVolume, String dataName, String basePath) {
    createFromRoot(
        pool,
        rootPool,
        rootVolume,
        "backup " + dataName,
        (target, root, capacity) ->
            target.storageVolCreateXML(VolumeXmlOf.overlay(dataName, capacity, basePath), 0));
  }

  /** How a backup volume in the target pool is made from the VM's root disk and its capacity. */
  @FunctionalInterface
  private interface FromRoot {
    StorageVol create(StoragePool target, StorageVol root, long capacity) throws LibvirtException;
  }

  /**
   * Creates a volume in {@code pool} with {@code create}, given the root disk {@code rootVolume} of
   * {@code rootPool} and its capacity; a missing root disk is a terminal error. Frees every handle.
   */
  private void createFromRoot(
      String pool, String rootPool, String rootVolume, String object, FromRoot create) {
    StoragePool source = lookupPool(rootPool);
    StoragePool target = lookupPool(pool);
    try {
      StorageVol root = lookupVolume(source, rootVolume, "volume " + rootVolume);
      if (root == null) {
        throw DriverException.terminal(
            host + ": " + object + ": the root disk " + rootVolume + " does not exist", null);
      }
      try {
        long capacity = call(object, () -> root.getInfo().capacity);
        free(call(object, () -> create.create(target, root, capacity)));
      } finally {
        free(root);
      }
    } finally {
      free(source);
      free(target);
    }
  }

  /**
   * Freezes the guest's file systems through its agent; empty when frozen, else the {@link
   * CrashReason} key for why not.
   */
  private static String freeze(Pointer dom, String domainXml) {
    if (!domainXml.contains(DomainXml.GUEST_AGENT_CHANNEL)) {
      return CrashReason.NO_AGENT;
    }
    if (BackupNative.INSTANCE.virDomainFSFreeze(dom, null, 0, 0) >= 0) {
      return "";
    }
    return CrashReason.agentDidNotAnswer(LibvirtNative.INSTANCE.virGetLastErrorMessage());
  }

  private void awaitJob(Pointer dom, String object) {
    long deadline = System.nanoTime() + jobTimeout.toNanos();
    while (jobType(dom, 0) != BackupNative.JOB_NONE) {
      if (System.nanoTime() > deadline) {
        BackupNative.INSTANCE.virDomainAbortJob(dom);
        throw DriverException.transientFailure(
            host + ": " + object + ": the backup job did not end within " + jobTimeout, null);
      }
      sleep();
    }
    int outcome =
        jobType(dom, BackupNative.JOB_STATS_COMPLETED | BackupNative.JOB_STATS_KEEP_COMPLETED);
    if (outcome == BackupNative.JOB_FAILED || outcome == BackupNative.JOB_CANCELLED) {
      throw DriverException.transientFailure(
          host + ": " + object + ": the backup job " + (outcome == 4 ? "failed" : "was cancelled"),
          null);
    }
  }

  private int jobType(Pointer dom, int flags) {
    IntByReference type = new IntByReference();
    PointerByReference params = new PointerByReference();
    IntByReference n = new IntByReference();
    if (BackupNative.INSTANCE.virDomainGetJobStats(dom, type, params, n, flags) < 0) {
      return BackupNative.JOB_NONE;
    }
    if (params.getValue() != null) {
      BackupNative.INSTANCE.virTypedParamsFree(params.getValue(), n.getValue());
    }
    return type.getValue();
  }

  private String poolPath(String pool, String object) {
    StoragePool p = lookupPool(pool);
    try {
      Document doc = Xml.parse(call(object, () -> p.getXMLDesc(0)));
      Element target = Xml.first(doc.getDocumentElement(), "target");
      String path = target == null ? "" : Xml.text(target, "path");
      if (path.isBlank()) {
        throw DriverException.terminal(
            host + ": " + object + ": pool " + pool + " has no target directory", null);
      }
      return path;
    } finally {
      free(p);
    }
  }

  private String volumePath(String pool, String volume, String object) {
    StoragePool p = lookupPool(pool);
    try {
      StorageVol v = lookupVolume(p, volume, object);
      if (v == null) {
        throw DriverException.terminal(
            host + ": " + object + ": the root disk " + volume + " does not exist", null);
      }
      try {
        return call(object, v::getPath);
      } finally {
        free(v);
      }
    } finally {
      free(p);
    }
  }

  private StoragePool lookupPool(String pool) {
    String object = "storage pool " + pool;
    try {
      return connect.get().storagePoolLookupByName(pool);
    } catch (LibvirtException e) {
      throw LibvirtErrors.map(host, object, e);
    }
  }

  private static StorageVol lookupVolume(StoragePool p, String name, String object) {
    try {
      return p.storageVolLookupByName(name);
    } catch (LibvirtException e) {
      if (LibvirtErrors.isMissing(e)) {
        return null;
      }
      throw LibvirtErrors.map("", object, e);
    }
  }

  private <T> T call(String object, LibvirtDriver.LibvirtCall<T> call) {
    return LibvirtErrors.call(host, object, call);
  }

  private static void free(Object handle) {
    try (Handles h = new Handles()) {
      h.track(handle);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DriverException.transientFailure("interrupted while a backup job ran", e);
    }
  }

  /** Volume definitions of backup data and marks. */
  static final class VolumeXmlOf {
    private VolumeXmlOf() {}

    static String qcow2(String name, long capacity) {
      return "<volume><name>"
          + Xml.escape(name)
          + "</name><capacity unit='bytes'>"
          + capacity
          + "</capacity><target><format type='qcow2'/></target></volume>";
    }

    static String overlay(String name, long capacity, String backingPath) {
      return "<volume><name>"
          + Xml.escape(name)
          + "</name><capacity unit='bytes'>"
          + capacity
          + "</capacity><target><format type='qcow2'/></target><backingStore><path>"
          + Xml.escape(backingPath)
          + "</path><format type='qcow2'/></backingStore></volume>";
    }

    static String empty(String name) {
      return "<volume><name>"
          + Xml.escape(name)
          + "</name><capacity unit='bytes'>0</capacity><target><format type='raw'/></target>"
          + "</volume>";
    }
  }
}
