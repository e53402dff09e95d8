package dev.ringmaster.driver.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.driver.dns.testing.BindServer;
import dev.ringmaster.driver.spi.DnsNameChange;
import dev.ringmaster.driver.spi.DnsZoneObservation;
import dev.ringmaster.driver.spi.DnsZoneTarget;
import dev.ringmaster.driver.spi.DriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dnsjava driver against a real BIND 9 started on 127.0.0.1 with its own zones and key. */
class DnsjavaDriverIT {
  static final String ZONE = "example.test";
  static final String REVERSE = "0.3.10.in-addr.arpa";

  @TempDir static Path dir;
  static BindServer bind;
  static DnsZoneTarget target;
  static final DnsjavaDriver driver = new DnsjavaDriver(Duration.ofSeconds(5), name -> null);

  @BeforeAll
  static void start() throws Exception {
    bind =
        BindServer.start(
            dir, List.of(ZONE, REVERSE), List.of("www IN A 192.0.2.80", "www IN TXT \"hand\""));
    target =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            bind.port(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            bind.keyFile().toString(),
            null,
            300,
            "ringmaster");
  }

  @AfterAll
  static void stop() throws Exception {
    bind.close();
  }

  private static SortedMap<String, List<String>> records(String... typeValues) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    for (int i = 0; i < typeValues.length; i += 2) {
      out.put(typeValues[i], List.of(typeValues[i + 1]));
    }
    return out;
  }

  @Test
  void createsUpdatesAndDeletesOwnedNamesIdempotently() throws Exception {
    DnsNameChange create =
        new DnsNameChange(
            "app00.srv", true, records(), records("A", "10.3.0.10", "AAAA", "2001:db8:3::a"));
    driver.apply(target, create);
    driver.apply(target, create);

    DnsZoneObservation seen = driver.observe(target);
    assertThat(seen.ownerOf("app00.srv")).contains("ringmaster");
    assertThat(seen.managedAt("app00.srv"))
        .isEqualTo(records("A", "10.3.0.10", "AAAA", "2001:db8:3::a"));
    assertThat(bind.query("app00.srv." + ZONE, "A")).containsExactly("10.3.0.10");
    assertThat(bind.query("_ringmaster.app00.srv." + ZONE, "TXT"))
        .containsExactly("\"ringmaster owner=ringmaster\"");

    DnsNameChange update =
        new DnsNameChange(
            "app00.srv",
            false,
            records("A", "10.3.0.10", "AAAA", "2001:db8:3::a"),
            records("A", "10.3.0.11", "AAAA", "2001:db8:3::a"));
    driver.apply(target, update);
    driver.apply(target, update);
    assertThat(bind.query("app00.srv." + ZONE, "A")).containsExactly("10.3.0.11");

    DnsNameChange delete =
        new DnsNameChange(
            "app00.srv", false, records("A", "10.3.0.11", "AAAA", "2001:db8:3::a"), records());
    driver.apply(target, delete);
    driver.apply(target, delete);
    DnsZoneObservation after = driver.observe(target);
    assertThat(after.recordsAt("app00.srv")).isEmpty();
    assertThat(after.ownerOf("app00.srv")).isEmpty();
  }

  @Test
  void reverseZoneHoldsPtrRecords() {
    DnsZoneTarget reverse = target.forZone(REVERSE);
    driver.apply(
        reverse,
        new DnsNameChange("10", true, records(), records("PTR", "app00.srv.example.test.")));
    assertThat(driver.observe(reverse).managedAt("10"))
        .isEqualTo(records("PTR", "app00.srv.example.test."));
  }

  @Test
  void aHandChangeMadeAfterObservingIsNotOverwritten() throws Exception {
    driver.apply(target, new DnsNameChange("app01", true, records(), records("A", "203.0.113.11")));
    bind.nsupdate(
        ZONE,
        List.of(
            "update delete app01." + ZONE + " A",
            "update add app01." + ZONE + " 60 A 203.0.113.99"));
    DnsNameChange stale =
        new DnsNameChange(
            "app01", false, records("A", "203.0.113.11"), records("A", "203.0.113.12"));
    assertThatThrownBy(() -> driver.apply(target, stale))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("changed on the server since it was observed");
    assertThat(bind.query("app01." + ZONE, "A")).containsExactly("203.0.113.99");
    assertThat(driver.observe(target).managedAt("app01")).isEqualTo(records("A", "203.0.113.99"));
  }

  @Test
  void aForeignNameIsNeverTakenOver() throws Exception {
    DnsNameChange takeOver =
        new DnsNameChange("www", true, records(), records("A", "203.0.113.80"));
    assertThatThrownBy(() -> driver.apply(target, takeOver))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("www");
    assertThat(bind.query("www." + ZONE, "A")).containsExactly("192.0.2.80");
    DnsNameChange deleteForeign =
        new DnsNameChange("www", false, records("A", "192.0.2.80"), records());
    assertThatThrownBy(() -> driver.apply(target, deleteForeign))
        .isInstanceOf(DriverException.class);
    assertThat(bind.query("www." + ZONE, "A")).containsExactly("192.0.2.80");
    assertThat(driver.observe(target).ownerOf("www")).isEmpty();
  }

  @Test
  void aWrongKeyIsATerminalErrorThatNeverShowsASecret() throws Exception {
    String wrongSecret = "c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1rZXktd2UtdHJ1c3Q=";
    DnsjavaDriver wrong =
        new DnsjavaDriver(Duration.ofSeconds(5), Map.of("WRONG_SECRET", wrongSecret)::get);
    DnsZoneTarget wrongKey =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            bind.port(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            null,
            "WRONG_SECRET",
            300,
            "ringmaster");
    for (Runnable call :
        List.<Runnable>of(
            () -> wrong.observe(wrongKey),
            () ->
                wrong.apply(
                    wrongKey,
                    new DnsNameChange("app09", true, records(), records("A", "203.0.113.9"))))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("TSIG authentication failed")
          .hasMessageContaining(BindServer.KEY_NAME)
          .hasMessageNotContaining(wrongSecret)
          .hasMessageNotContaining(bind.secret());
    }
    assertThat(bind.query("app09." + ZONE, "A")).isEmpty();
  }

  @Test
  void aSecretFromTheEnvironmentWorks() throws Exception {
    DnsjavaDriver fromEnv =
        new DnsjavaDriver(Duration.ofSeconds(5), Map.of("DNS_SECRET", bind.secret())::get);
    DnsZoneTarget envTarget =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            bind.port(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            null,
            "DNS_SECRET",
            300,
            "ringmaster");
    assertThat(fromEnv.observe(envTarget).recordsAt("ns")).containsKey("A");
  }

  @Test
  void aMissingSecretFileIsTerminalAndNamesThePath() throws Exception {
    Path missing = dir.resolve("no-such.key");
    DnsZoneTarget t =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            bind.port(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            missing.toString(),
            null,
            300,
            "ringmaster");
    assertThatThrownBy(() -> driver.observe(t))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(missing.toString());
    Files.writeString(dir.resolve("bad.key"), "not base64 at all!");
    DnsZoneTarget bad =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            bind.port(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            dir.resolve("bad.key").toString(),
            null,
            300,
            "ringmaster");
    assertThatThrownBy(() -> driver.observe(bad))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("not base64 at all!");
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    DnsZoneTarget down =
        new DnsZoneTarget(
            ZONE,
            "127.0.0.1",
            BindServer.freePort(),
            BindServer.KEY_NAME,
            "hmac-sha256",
            bind.keyFile().toString(),
            null,
            300,
            "ringmaster");
    assertThatThrownBy(() -> driver.observe(down))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("unreachable");
  }
}
