package dev.ringmaster.model.hostconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.model.hostconfig.HostInterface.IpConfig;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostConfigRendererTest {
  private static final Fleet FLEET = SampleFleet.fleet();

  private static HostConfig render(String env, String vm) {
    Environment e = FLEET.environment(env).orElseThrow();
    return HostConfigRenderer.render(FLEET, e, e.vm(vm).orElseThrow());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "identity of a production VM",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>)
                c -> List.of(c.name(), c.resourceGroup(), c.environment(), c.location()),
            List.of("myapp00", "myapp", "myapp-production", "whq")),
        Arguments.of(
            "production flag",
            "myapp-production",
            "myapp01",
            (Function<HostConfig, Object>) HostConfig::production,
            true),
        Arguments.of(
            "roles sorted",
            "myapp-production",
            "myapp01",
            (Function<HostConfig, Object>) HostConfig::roles,
            List.of("postgresql16", "redis")),
        Arguments.of(
            "users fan out to the first VM, sorted",
            "myapp-production",
            "myapp00",
            names(),
            List.of("alice", "bob")),
        Arguments.of(
            "users fan out to the second VM too",
            "myapp-production",
            "myapp01",
            names(),
            List.of("alice", "bob")),
        Arguments.of(
            "staging grants its own users only",
            "myapp-staging",
            "myapp10",
            names(),
            List.of("carol")),
        Arguments.of(
            "permissions become sorted groups",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>) c -> c.users().get(0).groups(),
            List.of("login", "sudo-srv")),
        Arguments.of(
            "duplicate permissions collapse",
            "myapp-staging",
            "myapp10",
            (Function<HostConfig, Object>) c -> c.users().get(0).groups(),
            List.of("login", "wheel")),
        Arguments.of(
            "ssh keys carried",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>) c -> c.users().get(0).sshKeys(),
            List.of(SampleFleet.ALICE_KEY)),
        Arguments.of(
            "service user home and group",
            "myapp-production",
            "myapp01",
            (Function<HostConfig, Object>) c -> c.serviceUsers().get(0),
            new HostServiceUser(
                "s-myapp",
                Derived.serviceUid(new dev.ringmaster.model.ServiceUserSpec("s-myapp", null)),
                "/srv/s-myapp",
                "service")),
        Arguments.of(
            "service users sorted, explicit uid kept",
            "myapp-staging",
            "myapp10",
            (Function<HostConfig, Object>)
                c -> c.serviceUsers().stream().map(s -> s.name() + "=" + s.uid()).toList(),
            List.of(
                "s-batch=61000",
                "s-myapp="
                    + Derived.serviceUid(
                        new dev.ringmaster.model.ServiceUserSpec("s-myapp", null)))),
        Arguments.of(
            "frontend interface",
            "myapp-production",
            "myapp01",
            (Function<HostConfig, Object>) c -> c.interfaces().get(0),
            new HostInterface(
                "fe",
                "ethfe",
                Derived.mac("myapp01", 2),
                2,
                new IpConfig("203.0.113.11", 26, "203.0.113.1"),
                new IpConfig("2001:db8:2::b", 64, "2001:db8:2::1"))),
        Arguments.of(
            "server interface without IPv6",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>) c -> c.interfaces().get(1),
            new HostInterface(
                "srv",
                "ethsrv",
                Derived.mac("myapp00", 3),
                3,
                new IpConfig("10.3.0.10", 24, "10.3.0.1"),
                null)),
        Arguments.of(
            "only the networks the environment has",
            "myapp-staging",
            "myapp10",
            (Function<HostConfig, Object>)
                c -> c.interfaces().stream().map(HostInterface::name).toList(),
            List.of("ethsrv")),
        Arguments.of(
            "maintenance as written",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>) HostConfig::maintenance,
            new HostMaintenance("22:00-05:00", "Europe/Berlin", 720)),
        Arguments.of(
            "maintenance defaulted",
            "myapp-staging",
            "myapp10",
            (Function<HostConfig, Object>) HostConfig::maintenance,
            new HostMaintenance("22:00-05:00", "Europe/Berlin", 720)),
        Arguments.of(
            "default backup",
            "myapp-production",
            "myapp00",
            (Function<HostConfig, Object>) HostConfig::backup,
            new HostBackup("default", 0, 7, 4, 3)),
        Arguments.of(
            "frequent backup keeps hourly ones",
            "myapp-staging",
            "myapp10",
            (Function<HostConfig, Object>) HostConfig::backup,
            new HostBackup("frequent", 24, 7, 4, 3)));
  }

  private static Function<HostConfig, Object> names() {
    return c -> c.users().stream().map(HostUser::name).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renders(
      String name, String env, String vm, Function<HostConfig, Object> field, Object expected) {
    assertThat(field.apply(render(env, vm))).isEqualTo(expected);
  }

  @Test
  void contentHashIsTheHashOfTheDocumentWithoutIt() {
    HostConfig config = render("myapp-production", "myapp00");
    String json = HostConfigJson.toJson(config);

    assertThat(config.contentHash()).hasSize(64).isEqualTo(HostConfigJson.contentHashOf(json));
    assertThat(json).contains("\"contentHash\" : \"" + config.contentHash() + "\"");
  }

  @Test
  void renderingIsDeterministic() {
    assertThat(HostConfigJson.toJson(render("myapp-production", "myapp01")))
        .isEqualTo(HostConfigJson.toJson(render("myapp-production", "myapp01")));
  }

  @Test
  void differentVmsDifferInHash() {
    assertThat(render("myapp-production", "myapp00").contentHash())
        .isNotEqualTo(render("myapp-production", "myapp01").contentHash());
  }

  @Test
  void aHandEditChangesTheRecomputedHash() {
    HostConfig config = render("myapp-production", "myapp00");
    String edited = HostConfigJson.toJson(config).replace("\"bob\"", "\"mallory\"");

    assertThat(HostConfigJson.contentHashOf(edited)).isNotEqualTo(config.contentHash());
  }

  @Test
  void documentStartsWithItsSchema() {
    assertThat(HostConfigJson.toJson(render("myapp-staging", "myapp10")))
        .startsWith("{\n  \"schema\" : \"ringmaster.hostconfig/v1\",\n  \"name\" : \"myapp10\"")
        .endsWith("}\n");
  }

  @Test
  void refusesAVmOfAnotherEnvironment() {
    Environment staging = FLEET.environment("myapp-staging").orElseThrow();
    assertThatThrownBy(
            () -> HostConfigRenderer.render(FLEET, staging, SampleFleet.vm("myapp00", "generic")))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining("myapp00");
  }

  @Test
  void refusesInvalidJson() {
    assertThatThrownBy(() -> HostConfigJson.contentHashOf("[1,2]"))
        .isInstanceOf(RingmasterException.class);
    assertThatThrownBy(() -> HostConfigJson.contentHashOf("{"))
        .isInstanceOf(RingmasterException.class);
  }
}
