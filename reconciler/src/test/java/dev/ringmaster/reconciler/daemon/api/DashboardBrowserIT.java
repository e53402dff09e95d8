package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.reconciler.source.TestRemote;
import dev.ringmaster.reconciler.ui.HeadlessChromium;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in Debian's headless Chromium against the real daemon process (real engine, libvirt
 * {@code test:///default}, a real Git remote): sign-in with a read token gives an HttpOnly
 * SameSite=Strict cookie that is not the token; the fleet, an environment, drift and a ref's plan
 * load, links work, and what they show matches the JSON API; hostile text from the fleet repository
 * and from the URL is shown as text, never as markup. Screenshots go to {@code
 * target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {
  static final String TOKEN = DaemonPlanRefIT.TOKEN;
  static final String HOSTILE = "<img src=x onerror=window.pwned=1>";

  /** A hypervisor whose libvirt port on loopback is closed: every connection is refused. */
  static final String UNREACHABLE_HOST =
      DaemonProcessIT.host()
          .replace("name: kvm01", "name: kvm02")
          .replace("test:///default", "qemu+tls://127.0.0.1:1/system");

  @TempDir Path dir;

  @Test
  void theDashboardShowsWhatTheApiShows() throws Exception {
    assertThat(HeadlessChromium.installed())
        .as("/usr/bin/chromium (scripts/setup.sh --test installs it)")
        .isTrue();
    Path shots = Path.of("target/dashboard-screenshots").toAbsolutePath();
    TestRemote remote = TestRemote.create(dir);
    String first =
        remote
            .write("hosts/kvm01.yaml", DaemonProcessIT.host())
            .write("environments/gamma.yaml", DaemonProcessIT.environment("gamma", 6, 2))
            .write("environments/delta.yaml", DaemonProcessIT.environment("delta", 8, 1))
            .write("hosts/kvm02.yaml", UNREACHABLE_HOST)
            .write(
                "environments/omega.yaml",
                DaemonProcessIT.environment("omega", 10, 1).replace("host: kvm01", "host: kvm02"))
            .commitAndPush("initial fleet " + HOSTILE);
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "read " + TestFleetResource.digest(TOKEN) + " viewer\n");
    try (DaemonProcess daemon =
            DaemonProcess.start(
                dir,
                remote.url(),
                Map.of(
                    "RINGMASTER_API_TOKEN_FILE",
                    tokens.toString(),
                    "RINGMASTER_REPO_POLL_INTERVAL",
                    "2s"));
        HeadlessChromium browser = HeadlessChromium.start(dir)) {
      DaemonProcessIT.waitFor(
          daemon, "both converged", () -> DaemonPlanRefIT.converged(daemon, first));
      assertThat(daemon.log()).contains("dashboard:    http://127.0.0.1:");
      String base = "http://127.0.0.1:" + port(daemon);

      browser.navigate(base + "/");
      assertThat(browser.url()).isEqualTo(base + "/ui/");
      assertThat(browser.texts("h1")).containsExactly("Sign in");
      browser.eval("document.querySelector('input[name=token]').value='wrong'");
      browser.evalAndWait("document.querySelector('form').submit()");
      assertThat(browser.text()).contains("Sign-in failed: unknown bearer token");
      browser.screenshot(shots.resolve("login.png"));
      browser.eval("document.querySelector('input[name=token]').value='" + TOKEN + "'");
      browser.evalAndWait("document.querySelector('form').submit()");
      assertThat(browser.url()).isEqualTo(base + "/ui/");
      JsonNode cookie = browser.cookies().get(0);
      assertThat(cookie.path("name").asText()).isEqualTo("ringmaster_ui");
      assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
      assertThat(cookie.path("sameSite").asText()).isEqualTo("Strict");
      assertThat(cookie.path("value").asText()).doesNotContain(TOKEN);
      assertThat(browser.eval("document.cookie").asText()).isEmpty();

      JsonNode api =
          DaemonPlanRefIT.tree(DaemonPlanRefIT.get(daemon, "/v1/environments", TOKEN).body());
      List<String> apiNames = new ArrayList<>();
      api.path("environments").forEach(e -> apiNames.add(e.path("name").asText()));
      assertThat(browser.texts("#fleet tbody tr td:first-child a")).isEqualTo(apiNames);
      assertThat(browser.text()).contains(api.path("commit").asText());
      browser.screenshot(shots.resolve("fleet.png"));

      browser.navigate(base + "/ui/?group=delta");
      assertThat(browser.texts("#fleet tbody tr td:first-child a"))
          .containsExactly("delta-staging");
      browser.navigate(base + "/ui/?sort=name&dir=desc");
      assertThat(browser.texts("#fleet tbody tr td:first-child a"))
          .containsExactly("omega-staging", "gamma-staging", "delta-staging");

      browser.evalAndWait(
          "Array.from(document.querySelectorAll('#fleet a')).find(a =>"
              + " a.textContent==='gamma-staging').click()");
      assertThat(browser.url()).isEqualTo(base + "/ui/environments/gamma-staging");
      assertThat(browser.texts("#vms tr td:first-child")).containsExactly("gamma00", "gamma01");
      assertThat(browser.texts("#vms tr td:nth-child(3)")).containsOnly("running");
      assertThat(browser.text()).contains("Nothing to do");
      assertThat(browser.texts("#journal tr td:nth-child(3)")).contains("domain/kvm01/gamma00");
      browser.screenshot(shots.resolve("environment.png"));

      browser.evalAndWait(
          "Array.from(document.querySelectorAll('header a')).find(a =>"
              + " a.textContent==='Drift').click()");
      assertThat(browser.url()).isEqualTo(base + "/ui/drift");
      assertThat(browser.text()).contains("No drift", first);
      browser.screenshot(shots.resolve("drift.png"));

      String feature =
          remote
              .write("environments/delta.yaml", DaemonProcessIT.environment("delta", 8, 2))
              .commitAndPush("delta01", "feature/more-delta");
      browser.navigate(base + "/ui/plan");
      browser.eval("document.querySelector('input[name=ref]').value='feature/more-delta'");
      browser.evalAndWait("document.querySelector('form').submit()");
      assertThat(browser.url()).isEqualTo(base + "/ui/plan?ref=feature%2Fmore-delta&base=");
      assertThat(browser.texts("#summary tr td:first-child")).containsExactly("delta-staging");
      assertThat(browser.text()).contains(feature.substring(0, 12), "domain/kvm01/delta01");
      browser.screenshot(shots.resolve("plan.png"));
      HttpResponse<String> json =
          DaemonPlanRefIT.get(daemon, "/v1/plan?ref=feature/more-delta", TOKEN);
      JsonNode summary = DaemonPlanRefIT.tree(json.body()).at("/environments/0/summary");
      assertThat(browser.texts("#summary tr td:nth-child(3)"))
          .containsExactly(summary.path("live").asText());

      browser.navigate(base + "/ui/plan?ref=" + java.net.URLEncoder.encode(HOSTILE, "UTF-8"));
      assertThat(browser.text()).contains("unknown ref '" + HOSTILE + "'");
      assertThat(browser.eval("document.querySelectorAll('img').length").asInt()).isZero();

      remote
          .write("environments/gamma.yaml", withRoles(DaemonProcessIT.environment("gamma", 6, 2)))
          .commitAndPush("hostile role", "hostile");
      browser.navigate(base + "/ui/plan?ref=hostile");
      assertThat(browser.text()).contains("does not validate", HOSTILE);
      assertThat(browser.eval("document.querySelectorAll('img').length").asInt()).isZero();
      assertThat(browser.eval("window.pwned === undefined").asBoolean()).isTrue();
      browser.screenshot(shots.resolve("plan-invalid.png"));

      browser.navigate(base + "/ui/environments/no-such-env");
      assertThat(browser.text()).contains("no environment named 'no-such-env'");

      browser.navigate(base + "/ui/environments/omega-staging");
      assertThat(browser.texts("#vms tr td:nth-child(3)"))
          .containsExactly("unknown (hypervisor unreachable)");
      assertThat(browser.texts(".box.error")).anyMatch(t -> t.startsWith("kvm02 is unreachable: "));
      browser.screenshot(shots.resolve("environment-unreachable.png"));

      Files.move(remote.bare(), dir.resolve("remote-gone.git"));
      daemon.await(
          "the fleet page shows the failing fetch",
          () -> {
            browser.navigate(base + "/ui/");
            return browser.texts(".box.error").stream().anyMatch(t -> t.contains("fetch"));
          },
          Duration.ofSeconds(60));
      assertThat(browser.texts("#fleet tbody tr td:first-child a")).hasSize(3);
      browser.screenshot(shots.resolve("fleet-fetch-failing.png"));

      browser.evalAndWait("document.querySelector('header a').click()");
      assertThat(browser.url()).isEqualTo(base + "/ui/");

      assertThat(DaemonPlanRefIT.get(daemon, "/ui/", null).statusCode()).isEqualTo(401);
      assertThat(DaemonPlanRefIT.get(daemon, "/ui/", TOKEN).statusCode()).isEqualTo(200);
      assertThat(daemon.log()).doesNotContain(TOKEN);
      assertThat(daemon.terminate(Duration.ofSeconds(90))).as(daemon.log()).isNotEqualTo(-1);
    }
  }

  private static String withRoles(String environment) {
    return environment.replace(
        "    host: kvm01\n", "    host: kvm01\n    roles: [web, \"" + HOSTILE + "\"]\n");
  }

  private static int port(DaemonProcess daemon) {
    return daemon.port();
  }
}
