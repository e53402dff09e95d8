package dev.ringmaster.reconciler.daemon.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code ringmaster serve [--repo-url U] [--branch B] [--state-dir D] [--port P]}: runs the daemon
 * until SIGTERM. Options become system properties, which win over environment variables and
 * application.properties.
 */
@QuarkusMain
public final class RingmasterServe {
  private RingmasterServe() {}

  public static void main(String... args) {
    ServeOptions options;
    try {
      options = ServeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ringmaster serve: " + e.getMessage());
      System.err.println(ServeOptions.USAGE);
      System.exit(1);
      return;
    }
    if (options.help()) {
      System.out.println(ServeOptions.USAGE);
      return;
    }
    for (Map.Entry<String, String> p : options.properties().entrySet()) {
      System.setProperty(p.getKey(), p.getValue());
    }
    Quarkus.run(Serve.class, args);
  }

  /** The running daemon: prints where to look, then waits for SIGTERM. */
  public static final class Serve implements QuarkusApplication {
    @Override
    public int run(String... args) {
      printWhereToLook(System.out);
      Quarkus.waitForExit();
      return 0;
    }

    private static void printWhereToLook(PrintStream out) {
      var config = ConfigProvider.getConfig();
      String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
      int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
      String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + port;
      out.println(
          "ringmaster serve: watching "
              + config.getOptionalValue("ringmaster.repo.url", String.class).orElse("(no repo)")
              + " branch "
              + config.getOptionalValue("ringmaster.repo.branch", String.class).orElse("main"));
      out.println("  dashboard:    " + base + "/ui/");
      out.println("  environments: " + base + "/v1/environments");
      out.println("  drift:        " + base + "/v1/drift?format=markdown");
      out.println("  webhook:      " + base + "/v1/hooks/git");
      out.println("  health:       " + base + "/q/health/ready");
      out.println("  metrics:      " + base + "/q/metrics");
      out.flush();
    }
  }
}
