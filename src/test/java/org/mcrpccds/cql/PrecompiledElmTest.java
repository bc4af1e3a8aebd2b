package org.mcrpccds.cql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.mcrpccds.support.TestContent;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The packaged service starts from the ELM the build made (the HTTP tests therefore exercise that
 * path, the CQL-level tests the translated one), and falls back to translating when the CQL changed.
 */
class PrecompiledElmTest extends ServiceTestBase {
  @Autowired
  CompiledLibraries libraries;

  @Test
  void theServiceLoadsThePrecompiledElm() {
    assertThat(libraries.fromPrecompiledElm()).isTrue();
    assertThat(libraries.compiled("McrpcPatientView").getLibrary().getStatements().getDef()).isNotEmpty();
  }

  @Test
  void elmMadeFromOtherCqlIsNotTrusted() {
    var sources = TestContent.CONTENT.read("cql/*.cql").values();
    var stale = new CompiledLibraries.PrecompiledElm(java.util.List.of(), java.util.Map.of(
        "McrpcCommon", "0".repeat(64), "McrpcPatientView", "0".repeat(64), "McrpcOrderChecks", "0".repeat(64)));
    CompiledLibraries translated = new CompiledLibraries(sources, stale);
    assertThat(translated.fromPrecompiledElm()).isFalse();
    assertThat(translated.compiled("McrpcOrderChecks")).isNotNull();
  }
}
