package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshFingerprintTest {
  // ssh-keygen -lf of this key prints SHA256:vhtsgM28dLJzlFjPGs/K/JyyuWC/1Ca0M0B66HM0gWg
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO3ldh4A0pmhlmgZVqLmlJBaT2bDWcmIZyodRcBGKh1K";

  @Test
  void lineLoneKeyAndBlobGiveTheSameFingerprint() {
    String expected = SshFingerprint.of(KEY + " root@myapp00");
    assertThat(expected).isEqualTo("SHA256:vhtsgM28dLJzlFjPGs/K/JyyuWC/1Ca0M0B66HM0gWg");
    assertThat(SshFingerprint.of(KEY)).isEqualTo(expected);
    assertThat(SshFingerprint.of(KEY.split(" ")[1])).isEqualTo(expected);
    assertThat(SshFingerprint.ofBlob(Base64.getDecoder().decode(KEY.split(" ")[1])))
        .isEqualTo(expected);
  }

  @Test
  void unreadableKeysSaySo() {
    assertThat(SshFingerprint.of("ssh-ed25519 not*base64")).isEqualTo("(unreadable key)");
  }
}
