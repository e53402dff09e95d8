package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObserveScriptTest {
  private static final NixosDriverOptions OPTIONS =
      NixosDriverOptions.defaults(Path.of("/k"), null);

  @Test
  void onePartPerCommandSeparatedByMarkers() throws Exception {
    String command = ObserveScript.command(OPTIONS, GuestPlatform.OBSERVED);
    Process p = new ProcessBuilder("sh", "-c", command.replace("getent", "echo")).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();

    ObserveScript.Output o = ObserveScript.parse(out);

    assertThat(o.passwd().trim()).isEqualTo("passwd");
    assertThat(o.group().trim()).isEqualTo("group");
    assertThat(o.platform()).contains("swap=").contains("tmp=").contains("recorded=");
    assertThat(GuestPlatform.parse(o.platform())).containsKeys("swap", "tmp", "firewall");
  }

  @Test
  void withoutPlatformThereIsNoPlatformPart() {
    String command = ObserveScript.command(OPTIONS, GuestPlatform.NOT_OBSERVED);

    assertThat(command).doesNotContain("nft").contains("getent passwd").contains("getent group");
    assertThat(ObserveScript.parse("gen-1\n\n@@ringmaster-observe:passwd\na:x:1\n").generation())
        .isEqualTo("gen-1");
  }
}
