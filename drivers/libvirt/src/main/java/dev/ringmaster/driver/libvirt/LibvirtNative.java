package dev.ringmaster.driver.libvirt;

import com.sun.jna.Callback;
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

  /** Fills {@code names} (an array of {@code maxnames} pointers) with malloc'ed volume names. */
  int virStoragePoolListVolumes(Pointer pool, Pointer names, int maxnames);

  String virStorageVolGetName(Pointer volume);

  int virStorageVolGetInfo(Pointer volume, Pointer info);

  Pointer virStorageVolGetPath(Pointer volume);

  int virStorageVolFree(Pointer volume);

  /** {@code virConnectDomainEventGenericCallback}: further arguments are not read. */
  interface DomainEventCallback extends Callback {
    void invoke(Pointer conn, Pointer domain);
  }

  /** The generic network and storage pool event callbacks: further arguments are not read. */
  interface ObjectEventCallback extends Callback {
    void invoke(Pointer conn, Pointer object);
  }

  interface CloseCallback extends Callback {
    void invoke(Pointer conn, int reason, Pointer opaque);
  }

  /** {@code virFreeCallback}: libvirt is done with the registration {@code opaque} was given to. */
  interface FreeCallback extends Callback {
    void invoke(Pointer opaque);
  }

  interface TimeoutCallback extends Callback {
    void invoke(int timer, Pointer opaque);
  }

  int virEventRegisterDefaultImpl();

  int virEventRunDefaultImpl();

  int virEventAddTimeout(int frequency, TimeoutCallback cb, Pointer opaque, FreeCallback free);

  void virEventUpdateTimeout(int timer, int frequency);

  int virEventRemoveTimeout(int timer);

  int virConnectDomainEventRegisterAny(
      Pointer conn,
      Pointer dom,
      int eventId,
      DomainEventCallback cb,
      Pointer opaque,
      FreeCallback free);

  int virConnectDomainEventDeregisterAny(Pointer conn, int callbackId);

  int virConnectNetworkEventRegisterAny(
      Pointer conn,
      Pointer net,
      int eventId,
      ObjectEventCallback cb,
      Pointer opaque,
      FreeCallback free);

  int virConnectNetworkEventDeregisterAny(Pointer conn, int callbackId);

  int virConnectStoragePoolEventRegisterAny(
      Pointer conn,
      Pointer pool,
      int eventId,
      ObjectEventCallback cb,
      Pointer opaque,
      Pointer free);

  int virConnectRegisterCloseCallback(
      Pointer conn, CloseCallback cb, Pointer opaque, FreeCallback free);

  int virConnectUnregisterCloseCallback(Pointer conn, CloseCallback cb);

  int virConnectSetKeepAlive(Pointer conn, int interval, int count);

  int virConnectIsAlive(Pointer conn);

  int virConnectGetLibVersion(Pointer conn, com.sun.jna.ptr.LongByReference version);

  String virGetLastErrorMessage();

  int virGetLastErrorCode();
}
