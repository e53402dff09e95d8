package dev.ringmaster.reconciler.seed;

import dev.ringmaster.driver.spi.SeedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a small FAT12 file system image (1 MiB, 512-byte sectors and clusters, two FATs) holding
 * files in its root directory under their long (VFAT) names, with a volume label: the format
 * cloud-init's NoCloud data source finds by the label {@code CIDATA}. Deterministic: the same files
 * and label give the same bytes (fixed timestamps, volume serial derived from the content). Pure;
 * thread-safe.
 */
public final class FatImage {
  static final int SECTOR = 512;
  static final int SECTORS = 2048;
  private static final int RESERVED = 1;
  private static final int FATS = 2;
  private static final int FAT_SECTORS = 6;
  private static final int ROOT_ENTRIES = 224;
  private static final int ROOT_SECTORS = ROOT_ENTRIES * 32 / SECTOR;
  private static final int DATA_START = RESERVED + FATS * FAT_SECTORS + ROOT_SECTORS;
  private static final int CLUSTERS = SECTORS - DATA_START;
  private static final int FAT_DATE = (2020 - 1980) << 9 | 1 << 5 | 1;
  private static final int LFN_CHARS = 13;

  private FatImage() {}

  /**
   * The image of {@code files} (name to content) labelled {@code label}.
   *
   * @throws IllegalArgumentException when a name or the label is not usable or the files do not fit
   */
  public static byte[] build(String label, Map<String, byte[]> files) {
    return image(label, files).bytes();
  }

  /**
   * The same image as {@link #build}, held as its written sectors (boot sector, FATs, root
   * directory and the files' clusters) and its size: the rest of a seed image is zeros.
   *
   * @throws IllegalArgumentException when a name or the label is not usable or the files do not fit
   */
  public static SeedImage image(String label, Map<String, byte[]> files) {
    String vol = label.toUpperCase(Locale.ROOT);
    if (vol.isEmpty() || vol.length() > 11 || !vol.matches("[A-Z0-9_-]+")) {
      throw new IllegalArgumentException("volume label must be 1-11 of A-Z 0-9 _ -: " + label);
    }
    SortedMap<String, byte[]> sorted = new TreeMap<>(files);
    long clustersUsed = 0;
    for (byte[] data : sorted.values()) {
      clustersUsed += (data.length + SECTOR - 1) / SECTOR;
    }
    int written = (int) Math.min(SECTORS, DATA_START + clustersUsed) * SECTOR;
    ByteBuffer img = ByteBuffer.allocate(written).order(ByteOrder.LITTLE_ENDIAN);
    bootSector(img, vol, serial(sorted));
    List<Integer> fat = new ArrayList<>(List.of(0xFF8, 0xFFF));
    int dir = RESERVED * SECTOR + FATS * FAT_SECTORS * SECTOR;
    int entry = 0;
    entry = labelEntry(img, dir, entry, vol);
    int shortIndex = 1;
    for (Map.Entry<String, byte[]> f : sorted.entrySet()) {
      byte[] data = f.getValue();
      int first = data.length == 0 ? 0 : fat.size();
      int clusters = (data.length + SECTOR - 1) / SECTOR;
      if (fat.size() - 2 + clusters > CLUSTERS) {
        throw new IllegalArgumentException("the files do not fit into a seed image of 1 MiB");
      }
      for (int i = 0; i < clusters; i++) {
        fat.add(i == clusters - 1 ? 0xFFF : fat.size() + 1);
      }
      if (first != 0) {
        img.put(DATA_START * SECTOR + (first - 2) * SECTOR, data);
      }
      byte[] shortName = shortName(f.getKey(), shortIndex++);
      entry = longNameEntries(img, dir, entry, f.getKey(), checksum(shortName));
      if (entry >= ROOT_ENTRIES) {
        throw new IllegalArgumentException("too many files for the root directory");
      }
      fileEntry(img, dir + entry * 32, shortName, first, data.length);
      entry++;
    }
    for (int copy = 0; copy < FATS; copy++) {
      writeFat(img, (RESERVED + copy * FAT_SECTORS) * SECTOR, fat);
    }
    return SeedImage.of(img.array(), SECTORS * SECTOR);
  }

  private static void bootSector(ByteBuffer b, String label, int serial) {
    b.put(0, new byte[] {(byte) 0xEB, 0x3C, (byte) 0x90});
    b.put(3, "RINGMSTR".getBytes(StandardCharsets.US_ASCII));
    b.putShort(11, (short) SECTOR);
    b.put(13, (byte) 1);
    b.putShort(14, (short) RESERVED);
    b.put(16, (byte) FATS);
    b.putShort(17, (short) ROOT_ENTRIES);
    b.putShort(19, (short) SECTORS);
    b.put(21, (byte) 0xF8);
    b.putShort(22, (short) FAT_SECTORS);
    b.putShort(24, (short) 32);
    b.putShort(26, (short) 2);
    b.putInt(28, 0);
    b.putInt(32, 0);
    b.put(36, (byte) 0x80);
    b.put(38, (byte) 0x29);
    b.putInt(39, serial);
    b.put(43, ascii(label, 11));
    b.put(54, "FAT12   ".getBytes(StandardCharsets.US_ASCII));
    b.put(62, (byte) 0xF4);
    b.put(510, (byte) 0x55);
    b.put(511, (byte) 0xAA);
  }

  private static int labelEntry(ByteBuffer b, int dir, int entry, String label) {
    int at = dir + entry * 32;
    b.put(at, ascii(label, 11));
    b.put(at + 11, (byte) 0x08);
    b.putShort(at + 22, (short) 0);
    b.putShort(at + 24, (short) FAT_DATE);
    return entry + 1;
  }

  private static void fileEntry(ByteBuffer b, int at, byte[] shortName, int cluster, int size) {
    b.put(at, shortName);
    b.put(at + 11, (byte) 0x20);
    b.putShort(at + 14, (short) 0);
    b.putShort(at + 16, (short) FAT_DATE);
    b.putShort(at + 18, (short) FAT_DATE);
    b.putShort(at + 22, (short) 0);
    b.putShort(at + 24, (short) FAT_DATE);
    b.putShort(at + 26, (short) cluster);
    b.putInt(at + 28, size);
  }

  /** VFAT long name entries, last part first, each holding 13 UTF-16 characters. */
  private static int longNameEntries(ByteBuffer b, int dir, int entry, String name, byte chk) {
    if (name.isEmpty() || name.length() > 255 || name.contains("/")) {
      throw new IllegalArgumentException("not a usable file name: " + name);
    }
    int parts = (name.length() + LFN_CHARS - 1) / LFN_CHARS;
    for (int part = parts; part >= 1; part--) {
      int at = dir + entry * 32;
      if (entry >= ROOT_ENTRIES) {
        throw new IllegalArgumentException("too many files for the root directory");
      }
      b.put(at, (byte) (part == parts ? 0x40 | part : part));
      b.put(at + 11, (byte) 0x0F);
      b.put(at + 12, (byte) 0);
      b.put(at + 13, chk);
      b.putShort(at + 26, (short) 0);
      int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
      for (int i = 0; i < LFN_CHARS; i++) {
        int index = (part - 1) * LFN_CHARS + i;
        int c = index < name.length() ? name.charAt(index) : index == name.length() ? 0 : 0xFFFF;
        b.putShort(at + offsets[i], (short) c);
      }
      entry++;
    }
    return entry;
  }

  /** An 8.3 alias such as {@code META-D~1}: upper case, only valid short-name characters. */
  static byte[] shortName(String name, int index) {
    String base = name;
    String ext = "";
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      base = name.substring(0, dot);
      ext = name.substring(dot + 1);
    }
    String tail = "~" + index;
    String b = clean(base);
    b = b.substring(0, Math.min(b.length(), 8 - tail.length())) + tail;
    String e = clean(ext);
    return (padded(b, 8) + padded(e.substring(0, Math.min(3, e.length())), 3))
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String clean(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
    }
    return out.toString();
  }

  static byte checksum(byte[] shortName) {
    int sum = 0;
    for (byte c : shortName) {
      sum = ((sum & 1) << 7) + ((sum & 0xFF) >> 1) + (c & 0xFF);
      sum &= 0xFF;
    }
    return (byte) sum;
  }

  private static void writeFat(ByteBuffer b, int at, List<Integer> fat) {
    for (int i = 0; i < fat.size(); i++) {
      int offset = at + i * 3 / 2;
      int v = fat.get(i);
      if (i % 2 == 0) {
        b.put(offset, (byte) v);
        b.put(offset + 1, (byte) ((b.get(offset + 1) & 0xF0) | (v >> 8 & 0x0F)));
      } else {
        b.put(offset, (byte) ((b.get(offset) & 0x0F) | (v << 4 & 0xF0)));
        b.put(offset + 1, (byte) (v >> 4));
      }
    }
  }

  private static int serial(SortedMap<String, byte[]> files) {
    int h = 17;
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      h = 31 * h + f.getKey().hashCode();
      h = 31 * h + java.util.Arrays.hashCode(f.getValue());
    }
    return h;
  }

  private static String padded(String s, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", s);
  }

  private static byte[] ascii(String s, int width) {
    return padded(s, width).getBytes(StandardCharsets.US_ASCII);
  }
}
