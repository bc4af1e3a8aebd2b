package org.mcrpccds.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.deploy.Manifests.at;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcrpccds.fhir.FhirServerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** docker/docker-compose.yml parsed and checked for consistency (no Docker engine runs here). */
class ComposeFileTest {
  private static final Map<String, Object> COMPOSE = Manifests.yaml(Manifests.DOCKER.resolve("docker-compose.yml")).get(0);

  private static Map<String, Object> service(String name) {
    return at(COMPOSE, "services." + name);
  }

  /** ${VAR:-default} as compose resolves it without the variable set. */
  private static String resolved(Object value) {
    return String.valueOf(value).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
  }

  @Test
  void runsTheServiceWithPostgresAndALoadedHapiFhirServer() {
    Map<String, Object> services = at(COMPOSE, "services");
    assertThat(services.keySet()).containsExactlyInAnyOrder("cds", "postgres", "fhir", "fhir-loader");
    Path context = Manifests.DOCKER.resolve((String) at(service("cds"), "build.context")).normalize();
    assertThat(context.resolve((String) at(service("cds"), "build.dockerfile")).normalize()).isEqualTo(Manifests.DOCKER.resolve("Dockerfile"));
    assertThat((String) at(service("fhir"), "image")).startsWith("hapiproject/hapi:v").doesNotEndWith(":latest");
  }

  @Test
  void theServiceUsesThePostgresDatabaseOfTheComposeFile() {
    Map<String, Object> env = at(service("cds"), "environment");
    Map<String, Object> postgres = at(service("postgres"), "environment");
    assertThat(resolved(env.get("SPRING_DATASOURCE_URL")))
        .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
    assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(resolved(env.get("SPRING_DATASOURCE_PASSWORD"))).isEqualTo(resolved(postgres.get("POSTGRES_PASSWORD")));
    assertThat((String) at(service("cds"), "depends_on.postgres.condition")).isEqualTo("service_healthy");
    assertThat((Object) at(service("postgres"), "healthcheck.test")).isNotNull();
  }

  @Test
  void thePublishedPortIsTheOneTheImageExposes() {
    List<String> ports = at(service("cds"), "ports");
    assertThat(ports).contains("8080:" + Manifests.find(Manifests.dockerfile(), "^EXPOSE\\s+(\\d+)"));
  }

  @Test
  void theServiceMayReadTheComposeFhirServerThatTheLoaderFills() {
    Map<String, Object> env = at(service("cds"), "environment");
    FhirServerProperties fhir = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
        .bind("mcrpc.fhir", FhirServerProperties.class).get();
    List<String> command = at(service("fhir-loader"), "command");
    String loaded = command.get(command.indexOf("--fhir") + 1);
    assertThat(fhir.allowedServers()).containsExactly(loaded);
    assertThat(loaded).startsWith("http://fhir:8080/");
  }

  @Test
  void theLoaderMountsTheSampleBundlesAndItsScript() {
    List<String> volumes = at(service("fhir-loader"), "volumes");
    List<String> command = at(service("fhir-loader"), "command");
    volumes.forEach(volume -> {
      String[] parts = volume.split(":");
      Path host = Manifests.DOCKER.resolve(parts[0]).normalize();
      assertThat(Files.isDirectory(host)).as(host + " exists").isTrue();
      if (parts[1].equals("/samples")) {
        assertThat(host).isEqualTo(Path.of("fhir-resources/patients"));
      }
      command.stream().filter(arg -> arg.startsWith(parts[1] + "/"))
          .forEach(file -> assertThat(host.resolve(file.substring(parts[1].length() + 1))).exists());
    });
    assertThat((Object) at(service("fhir-loader"), "restart")).isEqualTo("no");
  }
}
