package dev.ringmaster.driver.dns;

import dev.ringmaster.driver.spi.DnsDriver;
import dev.ringmaster.driver.spi.DnsNameChange;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.DriverException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The {@link DnsDriver} on dnsjava: observes a zone with one TSIG-signed AXFR over TCP and changes
 * one name per TSIG-signed RFC 2136 update (see {@link UpdateMessages}). When an update's
 * prerequisites fail, the zone is read again: a change already in place is success (a retried
 * apply), anything else is refused as a concurrent change. Thread-safe: no shared mutable state.
 */
public final class DnsjavaDriver implements DnsDriver {
  /** The default timeout of one transfer or update. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Duration timeout;
  private final TsigKeys keys;

  /** The ServiceLoader constructor: default timeout, secrets from the process environment. */
  public DnsjavaDriver() {
    this(DEFAULT_TIMEOUT, System::getenv);
  }

  /**
   * @param environment looks up the environment variables named by {@code secretEnv}
   */
  public DnsjavaDriver(Duration timeout, Function<String, String> environment) {
    this.timeout = timeout;
    this.keys = new TsigKeys(environment);
  }

  @Override
  public String name() {
    return "dnsjava";
  }

  @Override
  public DnsZoneObservation observe(DnsZoneTarget target) {
    TSIG key = keys.keyFor(target);
    Name origin = origin(target.zone());
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, address(target), key);
    xfr.setTimeout(timeout);
    try {
      xfr.run();
    } catch (ZoneTransferException e) {
      throw transferRefused(target, e);
    } catch (IOException e) {
      throw DnsFailures.io(target, "transferring", e);
    }
    List<Record> records = xfr.getAXFR();
    return ZoneContents.read(target.zone(), origin, records);
  }

  @Override
  public void apply(DnsZoneTarget target, DnsNameChange change) {
    TSIG key = keys.keyFor(target);
    Name origin = origin(target.zone());
    Message response;
    try {
      Message update = UpdateMessages.of(origin, change, target.owner(), target.ttl());
      response = resolver(target, key).send(update);
    } catch (IOException e) {
      throw DnsFailures.io(target, "updating", e);
    }
    int rcode = response.getRcode();
    if (rcode == Rcode.NOERROR) {
      return;
    }
    TSIGRecord tsig = response.getTSIG();
    int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
    if (isPrerequisiteFailure(rcode) && tsigError == Rcode.NOERROR) {
      if (alreadyInPlace(target, change)) {
        return;
      }
      throw DriverException.terminal(
          change.name()
              + " in zone "
              + target.zone()
              + " was changed on the server since it was observed ("
              + Rcode.string(rcode)
              + "); not overwritten, the next pass plans it again",
          null);
    }
    throw DnsFailures.rcode(target, "updating", rcode, tsigError);
  }

  private boolean alreadyInPlace(DnsZoneTarget target, DnsNameChange change) {
    DnsZoneObservation now = observe(target);
    Optional<String> owner = now.ownerOf(change.name());
    if (change.delete()) {
      return owner.isEmpty() && now.managedAt(change.name()).isEmpty();
    }
    return owner.equals(Optional.of(target.owner()))
        && now.managedAt(change.name()).equals(change.after());
  }

  private static boolean isPrerequisiteFailure(int rcode) {
    return rcode == Rcode.YXDOMAIN
        || rcode == Rcode.YXRRSET
        || rcode == Rcode.NXDOMAIN
        || rcode == Rcode.NXRRSET;
  }

  private SimpleResolver resolver(DnsZoneTarget target, TSIG key) throws UnknownHostException {
    SimpleResolver resolver = new SimpleResolver(address(target));
    resolver.setTCP(true);
    resolver.setTSIGKey(key);
    resolver.setTimeout(timeout);
    return resolver;
  }

  private static InetSocketAddress address(DnsZoneTarget target) {
    DnsZoneTarget.Address at =
        target
            .address(System.getenv())
            .orElseThrow(
                () ->
                    DriverException.terminal(
                        "the DNS server of zone "
                            + target.zone()
                            + " is not configured here: "
                            + target.serverSource()
                            + " is not set",
                        null));
    try {
      return new InetSocketAddress(InetAddress.getByName(at.host()), at.port());
    } catch (UnknownHostException e) {
      throw DriverException.transientFailure(
          "DNS server " + at.host() + " of zone " + target.zone() + " is not resolvable", null);
    }
  }

  private static Name origin(String zone) {
    try {
      return Name.fromString(zone, Name.root);
    } catch (TextParseException e) {
      throw DriverException.terminal(zone + " is not a DNS zone name", null);
    }
  }

  private static DriverException transferRefused(DnsZoneTarget target, ZoneTransferException e) {
    String detail = e.getMessage() == null ? "refused" : e.getMessage();
    if (DnsFailures.isTsigFailure(detail)) {
      return DnsFailures.tsig(target, "transferring", detail);
    }
    return DriverException.terminal(
        "DNS server "
            + DnsFailures.where(target)
            + " refused the transfer of zone "
            + target.zone()
            + ": "
            + detail
            + " (does its zone config allow-transfer with key "
            + target.keyName()
            + "?)",
        null);
  }
}
