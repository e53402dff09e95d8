package dev.ringmaster.model;

/**
 * Addresses written explicitly for one interface of a VM, overriding the derived ones. Either may
 * be null (derived).
 */
public record InterfaceAddresses(String ipv4, String ipv6) {}
