package dev.ringmaster.model.hostconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetiredServiceUsersTest {
  private static final Instant DUE = Instant.parse("2026-11-25T10:00:00Z");

  private static String rendered() {
    Fleet fleet = SampleFleet.fleet();
    Environment env = fleet.environment("myapp-production").orElseThrow();
    return HostConfigJson.toJson(
        HostConfigRenderer.render(fleet, env, env.vm("myapp01").orElseThrow()));
  }

  private static List<String> members(String json) throws Exception {
    List<String> names = new ArrayList<>();
    new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theMemberFollowsServiceUsersSortedAndTheHashIsRecomputed() throws Exception {
    String json =
        HostConfigJson.withRetiredServiceUsers(
            rendered(),
            List.of(
                HostRetiredServiceUser.of("s-zeta", 60200, DUE),
                HostRetiredServiceUser.of("s-old", 60100, DUE)));

    List<String> members = members(json);
    assertThat(members.get(members.indexOf("serviceUsers") + 1)).isEqualTo("retiredServiceUsers");
    assertThat(members.get(members.size() - 1)).isEqualTo("contentHash");
    JsonNode retired = new ObjectMapper().readTree(json).get("retiredServiceUsers");
    assertThat(retired.get(0).get("name").asText()).isEqualTo("s-old");
    assertThat(retired.get(0).get("uid").asInt()).isEqualTo(60100);
    assertThat(retired.get(0).get("home").asText()).isEqualTo("/srv/s-old");
    assertThat(retired.get(0).get("group").asText()).isEqualTo("service");
    assertThat(retired.get(0).get("deleteAfter").asText()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(new ObjectMapper().readTree(json).get("contentHash").asText())
        .isEqualTo(HostConfigJson.contentHashOf(json))
        .isNotEqualTo(HostConfigJson.contentHashOf(rendered()));
    assertThat(json).endsWith("}\n");
  }

  @Test
  void noRetiredUsersGivesTheRenderedDocumentBack() {
    String once =
        HostConfigJson.withRetiredServiceUsers(
            rendered(), List.of(HostRetiredServiceUser.of("s-old", 60100, DUE)));

    assertThat(HostConfigJson.withRetiredServiceUsers(once, List.of())).isEqualTo(rendered());
    assertThat(HostConfigJson.withRetiredServiceUsers(rendered(), List.of())).isEqualTo(rendered());
  }
}
