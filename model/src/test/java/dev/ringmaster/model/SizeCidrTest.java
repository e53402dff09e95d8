package dev.ringmaster.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeCidrTest {
  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "512MiB, 536870912",
    "4GiB, 4294967296",
    "1TiB, 1099511627776",
    "0GiB, 0",
    "' 8GiB ', 8589934592"
  })
  void parsesBinarySizes(String text, long bytes) {
    assertThat(Size.parse(text)).contains(new Size(bytes));
  }

  @ParameterizedTest(name = "{0} suggests {1}")
  @CsvSource({
    "8GB, 8GiB",
    "8G, 8GiB",
    "8, 8GiB",
    "512MB, 512MiB",
    "2tb, 2TiB",
    "-4GiB, ''",
    "1.5GB, ''"
  })
  void refusesOtherUnitsAndSuggests(String text, String suggestion) {
    assertThat(Size.parse(text)).isEmpty();
    if (suggestion.isEmpty()) {
      assertThat(Size.suggest(text)).isEmpty();
    } else {
      assertThat(Size.suggest(text)).contains(suggestion);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "10.3.0.0/24, 10.3.0.0/24, true",
    "203.0.113.64/26, 203.0.113.64/26, true",
    "2001:db8:3::/64, 2001:db8:3::/64, false",
    "2001:0db8:0003:0000::/64, 2001:db8:3::/64, false"
  })
  void parsesNetworks(String text, String canonical, boolean ipv4) {
    Cidr cidr = Cidr.parse(text).orElseThrow();
    assertThat(cidr).hasToString(canonical);
    assertThat(cidr.isIpv4()).isEqualTo(ipv4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"10.3.0.1/24", "10.3.0.0", "10.3.0.0/33", "300.1.1.0/24", "example.org/24", ""})
  void refusesMalformedNetworks(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{1} in {0}: {2}")
  @CsvSource({
    "10.3.0.0/24, 10.3.0.10, true",
    "10.3.0.0/24, 10.4.0.10, false",
    "203.0.113.0/26, 203.0.113.64, false",
    "2001:db8:3::/64, 2001:db8:3::a, true",
    "2001:db8:3::/64, 10.3.0.10, false"
  })
  void containsAddresses(String network, String address, boolean inside) {
    assertThat(Cidr.parse(network).orElseThrow().contains(Cidr.parseAddress(address).orElseThrow()))
        .isEqualTo(inside);
  }
}
