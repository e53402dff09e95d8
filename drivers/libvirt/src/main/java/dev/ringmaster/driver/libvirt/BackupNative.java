package dev.ringmaster.driver.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The backup and guest-agent calls of libvirt's C API that libvirt-java 0.5.4 does not wrap: {@code
 * virDomainBackupBegin} (push mode), job statistics to follow the backup job, and file-system
 * freeze and thaw through the QEMU guest agent. Bound to {@code libvirt.so.0} with JNA.
 */
interface BackupNative extends Library {
  BackupNative INSTANCE = Native.load("virt", BackupNative.class);

  int JOB_NONE = 0;
  int JOB_COMPLETED = 3;
  int JOB_FAILED = 4;
  int JOB_CANCELLED = 5;
  int JOB_STATS_COMPLETED = 1;
  int JOB_STATS_KEEP_COMPLETED = 2;
  int BACKUP_BEGIN_REUSE_EXTERNAL = 1;
  int CHECKPOINT_DELETE_METADATA_ONLY = 2;

  Pointer virDomainLookupByName(Pointer conn, String name);

  int virDomainIsActive(Pointer domain);

  int virDomainFree(Pointer domain);

  int virDomainBackupBegin(Pointer domain, String backupXml, String checkpointXml, int flags);

  Pointer virDomainCheckpointLookupByName(Pointer domain, String name, int flags);

  String virDomainCheckpointGetName(Pointer checkpoint);

  int virDomainCheckpointDelete(Pointer checkpoint, int flags);

  int virDomainCheckpointFree(Pointer checkpoint);

  int virDomainListAllCheckpoints(Pointer domain, PointerByReference checkpoints, int flags);

  int virDomainGetJobStats(
      Pointer domain, IntByReference type, PointerByReference params, IntByReference n, int flags);

  void virTypedParamsFree(Pointer params, int n);

  int virDomainAbortJob(Pointer domain);

  int virDomainFSFreeze(Pointer domain, Pointer mountpoints, int n, int flags);

  int virDomainFSThaw(Pointer domain, Pointer mountpoints, int n, int flags);
}
