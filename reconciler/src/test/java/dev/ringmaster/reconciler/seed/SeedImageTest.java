package dev.ringmaster.reconciler.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed image and host key read back by independent tools: dosfstools' {@code fsck.vfat},
 * mtools' {@code mdir}/{@code mtype}, util-linux's {@code blkid}, OpenSSH's {@code ssh-keygen}.
 */
class SeedImageTest {
  @TempDir Path dir;

  @Test
  void fatImageIsCleanLabelledAndHoldsTheFilesUnderTheirLongNames() throws Exception {
    String big = "x".repeat(3000) + "\n";
    byte[] image =
        FatImage.build(
            "CIDATA",
            Map.of(
                "meta-data", "instance-id: iid-a\n".getBytes(StandardCharsets.UTF_8),
                "network-config", big.getBytes(StandardCharsets.UTF_8),
                "user-data", "#cloud-config\n".getBytes(StandardCharsets.UTF_8)));
    Path img = dir.resolve("seed.img");
    Files.write(img, image);

    assertThat(run("fsck.vfat", "-n", img.toString()).exit).isZero();
    assertThat(run("blkid", "-o", "export", img.toString()).out)
        .contains("LABEL=CIDATA")
        .contains("TYPE=vfat");
    String listing = run("mdir", "-i", img.toString(), "-b", "::").out;
    assertThat(listing).contains("::/meta-data", "::/network-config", "::/user-data");
    assertThat(run("mtype", "-i", img.toString(), "::meta-data").out)
        .isEqualTo("instance-id: iid-a\n");
    assertThat(run("mtype", "-i", img.toString(), "::network-config").out).isEqualTo(big);
    assertThat(run("mtype", "-i", img.toString(), "::user-data").out).isEqualTo("#cloud-config\n");
  }

  @Test
  void imageHoldsOnlyItsWrittenSectorsAndIsOneMebibyte() {
    Map<String, byte[]> files =
        Map.of(
            "meta-data",
            new byte[] {1, 2, 3},
            "user-data",
            "u".repeat(1536).getBytes(StandardCharsets.UTF_8));
    dev.ringmaster.driver.spi.SeedImage image = FatImage.image("CIDATA", files);
    byte[] whole = FatImage.build("CIDATA", files);
    assertThat(image.size()).isEqualTo(1024 * 1024).isEqualTo(whole.length);
    assertThat(image.bytes()).isEqualTo(whole);
    int written = (1 + 2 * 6 + 14 + 1 + 3) * 512;
    assertThat(whole[written - 1]).isEqualTo((byte) 'u');
    assertThat(java.util.Arrays.copyOfRange(whole, written, whole.length)).containsOnly((byte) 0);
  }

  @Test
  void filesLargerThanTheImageAreRefused() {
    Map<String, byte[]> files = Map.of("user-data", new byte[1024 * 1024]);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FatImage.image("CIDATA", files))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not fit");
  }

  @Test
  void sameFilesGiveTheSameBytes() {
    Map<String, byte[]> files = Map.of("meta-data", new byte[] {1, 2, 3});
    assertThat(FatImage.build("CIDATA", files)).isEqualTo(FatImage.build("CIDATA", files));
  }

  @Test
  void privateKeyIsReadByOpenSshAndMatchesThePublicHalf() throws Exception {
    HostKeyPair keys = HostKeyPair.generate();
    Path key = dir.resolve("host_key");
    Files.writeString(key, keys.privateKeyOpenSsh("root@myapp00"));
    Files.setPosixFilePermissions(
        key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    Result derived = run("ssh-keygen", "-y", "-f", key.toString());
    assertThat(derived.exit).isZero();
    assertThat(derived.out.trim()).startsWith(keys.publicKey());
    Files.writeString(dir.resolve("host_key.pub"), keys.publicKey("c") + "\n");
    assertThat(run("ssh-keygen", "-l", "-f", dir.resolve("host_key.pub").toString()).out)
        .contains(keys.fingerprint());
  }

  @Test
  void everyPairIsNewAndToStringHidesThePrivateHalf() {
    HostKeyPair a = HostKeyPair.generate();
    HostKeyPair b = HostKeyPair.generate();
    assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
    assertThat(a.toString()).doesNotContain("PRIVATE").contains("redacted");
  }

  private record Result(int exit, String out) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
