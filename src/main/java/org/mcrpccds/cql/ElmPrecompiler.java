package org.mcrpccds.cql;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (Maven process-classes): translates cql/*.cql to ELM JSON once, so that the service
 * starts without translating. Writes {@code <Library>-<version>.json} for every library (FHIRHelpers
 * included) and {@code manifest.json} with the SHA-256 of each CQL source, which the service checks
 * before trusting the ELM. Fails the build on a CQL error.
 */
public final class ElmPrecompiler {
  static final String MANIFEST = "manifest.json";

  private ElmPrecompiler() {}

  public static void main(String[] args) throws IOException {
    Path cqlDir = Path.of(args[0]);
    Path outDir = Path.of(args[1]);
    Map<String, String> sources = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(cqlDir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".cql")).sorted().toList()) {
        String cql = Files.readString(file);
        sources.put(CompiledLibraries.libraryName(cql).orElse(file.getFileName().toString()), cql);
      }
    }
    CompiledLibraries libraries = new CompiledLibraries(sources.values());
    Files.createDirectories(outDir);
    Map<String, String> elm = libraries.elmJson();
    for (var library : elm.entrySet()) {
      Files.writeString(outDir.resolve(library.getKey()), library.getValue());
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    sources.forEach((name, cql) -> hashes.put(name, CompiledLibraries.sha256(cql)));
    new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(outDir.resolve(MANIFEST).toFile(), Map.of("sourceHashes", hashes, "files", List.copyOf(elm.keySet())));
    System.out.println("ELM written for " + elm.keySet() + " to " + outDir);
  }
}
