package dev.ringmaster.driver.nixos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** The last lines of a command's output, fed by several streams at once. Thread-safe. */
final class OutputTail {
  private static final int MAX_LINE = 2000;
  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();

  OutputTail(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void add(String line) {
    lines.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
    while (lines.size() > maxLines) {
      lines.removeFirst();
    }
  }

  /** Reads {@code in} to its end, line by line; stops quietly when the stream breaks. */
  void drain(InputStream in) {
    drain(in, line -> {});
  }

  /** As {@link #drain(InputStream)}, also handing every line to {@code also}. */
  void drain(InputStream in, Consumer<String> also) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        add(line);
        also.accept(line);
      }
    } catch (IOException e) {
      add("[output stream ended: " + e.getMessage() + "]");
    }
  }

  @Override
  public synchronized String toString() {
    return String.join("\n", lines);
  }
}
