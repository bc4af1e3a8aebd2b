package org.mcrpccds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.yaml.snakeyaml.Yaml;

/** The try-it features (/fhir, /explain) switch off with one setting, which the prod profile sets. */
class SandboxSwitchTest {

  @Test
  @SuppressWarnings("unchecked")
  void theProdProfileTurnsTheSandboxOff() throws IOException {
    try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application-prod.yml"))) {
      Map<String, Object> prod = new Yaml().load(reader);
      Map<String, Object> sandbox = (Map<String, Object>) ((Map<String, Object>) prod.get("mcrpc")).get("sandbox");
      assertThat(sandbox.get("enabled")).isEqualTo(false);
    }
  }

  @Test
  void switchedOffThereIsNoFhirServerAndNoExplainEndpoint() {
    new ApplicationContextRunner()
        .withPropertyValues("mcrpc.sandbox.enabled=false")
        .withUserConfiguration(SandboxConfig.class, RuleInputs.class, IncludedLibraryFacts.class, Explainer.class,
            ExplainController.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
          assertThat(context).doesNotHaveBean(SampleRecords.class);
          assertThat(context).doesNotHaveBean(ExplainController.class);
          assertThat(context).doesNotHaveBean(Explainer.class);
        });
  }
}
