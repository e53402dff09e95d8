package dev.ringmaster.driver.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The bulk listing calls of libvirt's C API that libvirt-java 0.5.4 does not wrap, plus the local
 * accessors needed to read their results. Bound to {@code libvirt.so.0} with JNA.
 */
interface LibvirtNative extends Library {
  LibvirtNative INSTANCE = Native.load("virt", LibvirtNative.class);

  int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

  int virConnectListAllNetworks(Pointer conn, PointerByReference networks, int flags);

  int virConnectGetAllDomainStats(Pointer conn, int stats, PointerByReference records, int flags);

  void virDomainStatsRecordListFree(Pointer records);

  String virDomainGetName(Pointer domain);

  int virDomainGetUUIDString(Pointer domain, byte[] buf);

  Pointer virDomainGetXMLDesc(Pointer domain, int flags);

  int virDomainFree(Pointer domain);

  String virNetworkGetName(Pointer network);

  int virNetworkGetUUIDString(Pointer network, byte[] buf);

  Pointer virNetworkGetXMLDesc(Pointer network, int flags);

  int virNetworkFree(Pointer network);

  Pointer virStoragePoolLookupByName(Pointer conn, String name);

  Pointer virStoragePoolGetXMLDesc(Pointer pool, int flags);

  int virStoragePoolListAllVolumes(Pointer pool, PointerByReference volumes, int flags);

  int virStoragePoolFree(Pointer pool);

  String virStorageVolGetName(Pointer volume);

  int virStorageVolGetInfo(Pointer volume, Pointer info);

  Pointer virStorageVolGetPath(Pointer volume);

  int virStorageVolFree(Pointer volume);

  String virGetLastErrorMessage();

  int virGetLastErrorCode();
}
