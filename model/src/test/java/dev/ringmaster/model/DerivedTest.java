package dev.ringmaster.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivedTest {
  private static final Pattern MAC = Pattern.compile("^([0-9a-f]{2}:){5}[0-9a-f]{2}$");

  private static VmSpec vm(String name, String memory, String disk) {
    return new VmSpec(
        name,
        "kvm01",
        Size.parse(memory).orElseThrow(),
        1,
        Size.parse(disk).orElseThrow(),
        null,
        null,
        List.of(),
        true,
        Map.of(),
        false,
        null);
  }

  @ParameterizedTest(name = "memory {0} gives swap {1}")
  @CsvSource({
    "512MiB, 1GiB",
    "1GiB, 1GiB",
    "2GiB, 1GiB",
    "4GiB, 2GiB",
    "8GiB, 4GiB",
    "3GiB, 1536MiB"
  })
  void swapIsHalfTheMemoryAtLeastOneGib(String memory, String swap) {
    assertThat(Derived.swap(vm("myapp00", memory, "30GiB"))).hasToString(swap);
  }

  @ParameterizedTest(name = "disk {0} gives tmp {1}")
  @CsvSource({"10GiB, 5GiB", "50GiB, 5GiB", "100GiB, 10GiB", "200GiB, 20GiB", "1000MiB, 5GiB"})
  void tmpIsTenPercentOfRootAtLeastFiveGib(String disk, String tmp) {
    assertThat(Derived.tmp(vm("myapp00", "4GiB", disk))).hasToString(tmp);
  }

  @ParameterizedTest(name = "{0} on VLAN {1}")
  @CsvSource({"myapp00, 2", "myapp00, 3", "myapp01, 2", "shop10, 8"})
  void macsAreDeterministicAndLocallyAdministered(String vm, int vlan) {
    String mac = Derived.mac(vm, vlan);
    assertThat(mac).matches(MAC).isEqualTo(Derived.mac(vm, vlan)).startsWith("02:");
    int first = Integer.parseInt(mac.substring(0, 2), 16);
    assertThat(first & 0x02).as("locally administered bit").isEqualTo(2);
    assertThat(first & 0x01).as("multicast bit").isZero();
  }

  @Test
  void macIsTheFirstFiveBytesOfTheNameAndVlansDigestAfterTwo() {
    // sha256("myapp00/2000") starts ec 3f 47 1e 08: existing domains keep their MACs
    assertThat(Derived.mac("myapp00", 2000)).isEqualTo("02:ec:3f:47:1e:08");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"myapp00, myapp01, 2", "myapp00, myapp00, 3"})
  void macsDifferBetweenVmsAndVlans(String a, String b, int vlan) {
    assertThat(Derived.mac(a, vlan)).isNotEqualTo(Derived.mac(b, a.equals(b) ? vlan + 1 : vlan));
  }

  @ParameterizedTest(name = "{0} in {1} is {2}")
  @CsvSource({
    "myapp00, 10.3.0.0/24, 10.3.0.10",
    "myapp07, 10.3.0.0/24, 10.3.0.17",
    "myapp99, 10.3.0.0/24, 10.3.0.109",
    "shop10, 198.51.100.64/26, 198.51.100.84",
    "myapp07, 2001:db8:3::/64, 2001:db8:3::11"
  })
  void addressesFollowTheVmNumber(String vm, String subnet, String address) {
    assertThat(Derived.address(vm, Cidr.parse(subnet).orElseThrow(), null)).contains(address);
  }
}
