package dev.ringmaster.driver.libvirt;

import dev.ringmaster.driver.spi.DriverException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The push-mode backup definition (the root disk to a qcow2 file, every other disk left out;
 * incremental on checkpoint {@code incremental} unless null) and the definition of the checkpoint
 * the backup creates (a bitmap of the root disk only).
 */
final class BackupXml {
  private BackupXml() {}

  static String push(
      Document domain,
      DiskSource root,
      String targetPath,
      String incremental,
      String object,
      String host) {
    StringBuilder disks = new StringBuilder();
    String dev = rootDev(domain, root, object, host);
    for (String other : devs(domain)) {
      disks.append(
          other.equals(dev)
              ? "<disk name='"
                  + Xml.escape(dev)
                  + "' backup='yes' type='file'><driver type='qcow2'/><target file='"
                  + Xml.escape(targetPath)
                  + "'/></disk>"
              : "<disk name='" + Xml.escape(other) + "' backup='no'/>");
    }
    return "<domainbackup mode='push'>"
        + (incremental == null ? "" : "<incremental>" + Xml.escape(incremental) + "</incremental>")
        + "<disks>"
        + disks
        + "</disks></domainbackup>";
  }

  static String checkpoint(
      Document domain, DiskSource root, String name, String object, String host) {
    StringBuilder disks = new StringBuilder();
    String dev = rootDev(domain, root, object, host);
    for (String other : devs(domain)) {
      disks.append(
          "<disk name='"
              + Xml.escape(other)
              + "' checkpoint='"
              + (other.equals(dev) ? "bitmap" : "no")
              + "'/>");
    }
    return "<domaincheckpoint><name>"
        + Xml.escape(name)
        + "</name><disks>"
        + disks
        + "</disks></domaincheckpoint>";
  }

  private static List<String> devs(Document domain) {
    List<String> out = new ArrayList<>();
    NodeList list = domain.getElementsByTagName("disk");
    for (int i = 0; i < list.getLength(); i++) {
      Element disk = (Element) list.item(i);
      Element target = Xml.first(disk, "target");
      if (target != null && "disk".equals(disk.getAttribute("device"))) {
        out.add(target.getAttribute("dev"));
      }
    }
    return out;
  }

  private static String rootDev(Document domain, DiskSource root, String object, String host) {
    NodeList list = domain.getElementsByTagName("disk");
    for (int i = 0; i < list.getLength(); i++) {
      Element disk = (Element) list.item(i);
      Element target = Xml.first(disk, "target");
      Element source = Xml.first(disk, "source");
      if (target != null
          && "disk".equals(disk.getAttribute("device"))
          && source != null
          && root.matches(source)) {
        return target.getAttribute("dev");
      }
    }
    throw DriverException.terminal(
        host + ": " + object + ": the domain has no disk on " + root.path(), null);
  }

  /** A root disk as a domain's {@code <source>} may name it: by pool and volume, or by path. */
  record DiskSource(String pool, String volume, String path) {
    boolean matches(Element source) {
      return path.equals(source.getAttribute("file"))
          || (pool.equals(source.getAttribute("pool"))
              && volume.equals(source.getAttribute("volume")));
    }
  }
}
