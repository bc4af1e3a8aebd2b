package org.mcrpccds.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CompiledLibrariesTest {

  @Test
  void everyLibraryOfTheContentCompiles() throws IOException {
    List<String> sources;
    try (Stream<Path> files = Files.list(Path.of("cql"))) {
      sources = files.filter(p -> p.toString().endsWith(".cql")).sorted().map(CompiledLibrariesTest::read).toList();
    }
    CompiledLibraries libraries = new CompiledLibraries(sources);
    assertThat(libraries.compiled("McrpcCommon").getLibrary().getStatements().getDef()).isNotEmpty();
    assertThat(libraries.compiled("McrpcPatientView").getLibrary().getStatements().getDef())
        .extracting(def -> def.getName())
        .contains("R0", "R1", "R1b", "R2", "R6", "R10", "R13");
  }

  @Test
  void aLibraryWithAnErrorStopsStartupWithItsLocation() {
    String broken = "library Broken version '1'\nusing FHIR version '4.0.1'\ncontext Patient\ndefine \"X\": [Condition] C where C.nonsense = 1\n";
    assertThatThrownBy(() -> new CompiledLibraries(List.of(broken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Broken [4:");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
