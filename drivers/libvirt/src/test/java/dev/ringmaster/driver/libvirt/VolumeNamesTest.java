package dev.ringmaster.driver.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeNamesTest {
  @ParameterizedTest
  @CsvSource(
      value = {
        "myapp00-root, myapp00",
        "myapp00-swap, myapp00",
        "myapp01-tmp, myapp01",
        "nixos-base.qcow2, NULL",
        "-root, NULL",
        "myapp00-data, NULL"
      },
      nullValues = "NULL")
  void onlyDiskNamesBelongToAVm(String volume, String vm) {
    assertThat(VolumeNames.vmOf(volume)).isEqualTo(vm);
  }
}
