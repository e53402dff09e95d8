package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringmaster.model.RingmasterException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestPlatformTest {
  private static final String DIGEST = "a".repeat(64);

  @Test
  void aGuestAsActivatedMatchesTheDesiredAttributes() {
    String out = "swap=/dev/vdb\ntmp=/dev/vdc\nlive=" + DIGEST + "\nrecorded=" + DIGEST + "\n";

    assertThat(GuestPlatform.parse(out)).isEqualTo(GuestPlatform.OBSERVED.desired());
  }

  @Test
  void swapOffTmpUnmountedAndAHandMadeRuleAreEachADifference() {
    String out = "swap=\ntmp=\nlive=" + "b".repeat(64) + "\nrecorded=" + DIGEST + "\n";

    assertThat(GuestPlatform.parse(out))
        .containsEntry("swap", "")
        .containsEntry("tmp", "")
        .containsEntry("firewall", "changed sha256:" + "b".repeat(64));
  }

  @Test
  void aRulesetNobodyRecordedIsNotActivated() {
    assertThat(GuestPlatform.parse("swap=/dev/vdb\ntmp=/dev/vdc\nlive=" + DIGEST + "\nrecorded=\n"))
        .containsEntry("firewall", "not recorded");
  }

  @Test
  void turnedOffThereAreNoAttributesOnEitherSide() {
    assertThat(GuestPlatform.from(Map.of("p.observe-platform", "false"), "p.").desired()).isEmpty();
    assertThat(GuestPlatform.from(Map.of(), "p.")).isEqualTo(GuestPlatform.OBSERVED);
    assertThatThrownBy(() -> GuestPlatform.from(Map.of("p.observe-platform", "yes"), "p."))
        .isInstanceOf(RingmasterException.class)
        .hasMessageContaining("p.observe-platform");
  }
}
