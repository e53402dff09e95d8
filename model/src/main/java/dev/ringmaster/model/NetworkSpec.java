package dev.ringmaster.model;

/**
 * One of an environment's networks: its VLAN and its IPv4 and IPv6 subnets. Either subnet may be
 * null (not configured), not both.
 */
public record NetworkSpec(int vlan, Cidr ipv4, Cidr ipv6) {}
