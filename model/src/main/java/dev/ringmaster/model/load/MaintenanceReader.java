package dev.ringmaster.model.load;

import dev.ringmaster.model.Maintenance;
import dev.ringmaster.model.validate.Names;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code maintenance: {window, timezone, leadTime}}, each field defaulting separately. */
final class MaintenanceReader {
  private static final Pattern WINDOW =
      Pattern.compile("^(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})$");
  private static final Pattern LEAD = Pattern.compile("^(\\d{1,4})\\s*([mhd])$");

  private MaintenanceReader() {}

  static Maintenance read(Fields parent) {
    Maintenance d = Maintenance.DEFAULT;
    Fields f = parent.mapping("maintenance", List.of("window", "timezone", "leadTime"), false);
    if (f == null) {
      return d;
    }
    LocalTime[] window = window(f);
    ZoneId zone = zone(f);
    Duration lead = lead(f);
    return new Maintenance(
        window == null ? d.start() : window[0],
        window == null ? d.end() : window[1],
        zone == null ? d.timezone() : zone,
        lead == null ? d.leadTime() : lead);
  }

  private static LocalTime[] window(Fields f) {
    String text = f.text("window", false);
    if (text == null) {
      return null;
    }
    Matcher m = WINDOW.matcher(text);
    LocalTime[] window = m.matches() ? times(m) : null;
    if (window == null) {
      bad(
          f,
          "window",
          text,
          "is not a daily window",
          "write start-end in 24 h time, such as 22:00-05:00");
    }
    return window;
  }

  private static LocalTime[] times(Matcher m) {
    try {
      return new LocalTime[] {time(m.group(1), m.group(2)), time(m.group(3), m.group(4))};
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static LocalTime time(String hours, String minutes) {
    return LocalTime.of(Integer.parseInt(hours), Integer.parseInt(minutes));
  }

  private static ZoneId zone(Fields f) {
    String text = f.text("timezone", false);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      bad(f, "timezone", text, "is not a time zone id", "write a region id such as Europe/Berlin");
      return null;
    }
  }

  private static Duration lead(Fields f) {
    String text = f.text("leadTime", false);
    if (text == null) {
      return null;
    }
    Matcher m = LEAD.matcher(text);
    if (!m.matches()) {
      bad(f, "leadTime", text, "is not a duration", "write minutes, hours or days, such as 12h");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static void bad(Fields f, String key, String text, String problem, String hint) {
    f.doc().error(f.value(key), f.at(key), Names.quote(text) + " " + problem, hint);
  }
}
