package dev.ringmaster.driver.nixos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.GuestAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountDatabaseTest {
  private static final String PASSWD =
      String.join(
          "\n",
          "root:x:0:0::/root:/bin/sh",
          "sshd:x:998:998::/var/empty:/bin/false",
          "nixbld3:x:30003:30000::/var/empty:/bin/false",
          "bob:x:1002:100::/home/bob:/bin/sh",
          "alice:x:1001:100::/home/alice:/bin/sh",
          "s-app:x:60001:990::/srv/s-app:/bin/sh",
          "broken line",
          "weird:x:notanumber:100::/:/bin/sh",
          "orphan:x:1500:4242::/home/orphan:/bin/sh",
          "nobody:x:65534:65534::/var/empty:/bin/false",
          "");
  private static final String GROUP =
      String.join(
          "\n",
          "root:x:0:",
          "users:x:100:",
          "wheel:x:1:alice",
          "login:x:901:alice,bob",
          "sudo-srv:x:902:alice",
          "nixbld:x:30000:nixbld3",
          "service:x:990:",
          "");

  @Test
  void keepsManagedAccountsWithAllTheirGroups() {
    assertThat(AccountDatabase.parse(PASSWD, GROUP, 1000, 64999))
        .containsExactly(
            new GuestAccount("alice", 1001, List.of("login", "sudo-srv", "users", "wheel")),
            new GuestAccount("bob", 1002, List.of("login", "users")),
            new GuestAccount("orphan", 1500, List.of("4242")),
            new GuestAccount("s-app", 60001, List.of("service")));
  }

  @Test
  void theRangeIsConfigurable() {
    assertThat(AccountDatabase.parse(PASSWD, GROUP, 60000, 64999))
        .extracting(GuestAccount::name)
        .containsExactly("s-app");
  }

  @Test
  void emptyDatabasesGiveNoAccounts() {
    assertThat(AccountDatabase.parse("", "", 1000, 64999)).isEmpty();
  }
}
