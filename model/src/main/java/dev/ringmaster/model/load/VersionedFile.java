package dev.ringmaster.model.load;

/**
 * A file of a fleet repository with an identifier of its content (a Git blob id): two files with
 * the same path and version have the same bytes. Immutable.
 *
 * @param version the content identifier; null when unknown (the file is then always read afresh)
 */
public record VersionedFile(SourceFile file, String version) {
  public VersionedFile {
    if (file == null) {
      throw new IllegalArgumentException("file is required");
    }
  }
}
