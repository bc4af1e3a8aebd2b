package org.mcrpccds.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile checked as text (no Docker engine runs here; docker/verify-dockerfile.sh
 * replays its build and start-up steps instead): a JRE-only runtime stage, a non-root user, a
 * health check, container memory settings, a class-data archive for the start, and build inputs
 * that exist and reach the build.
 */
class DockerfileTest {
  private static final String DOCKERFILE = Manifests.dockerfile();

  private static List<String> stages() {
    return List.of(DOCKERFILE.split("(?m)^(?=FROM )"));
  }

  private static String runtimeStage() {
    List<String> stages = stages();
    return stages.get(stages.size() - 1);
  }

  @Test
  void buildsWithMavenAndRunsOnAJreOfThePomsJavaVersion() {
    String javaVersion = Manifests.find(Manifests.read(Path.of("pom.xml")), "<java.version>(\\d+)</java.version>");
    assertThat(stages().stream().filter(s -> s.startsWith("FROM ")).count()).isGreaterThanOrEqualTo(2);
    assertThat(Manifests.find(DOCKERFILE, "^FROM (\\S+) AS build")).startsWith("maven:").contains("temurin-" + javaVersion);
    assertThat(Manifests.find(runtimeStage(), "^FROM (\\S+)")).isEqualTo("eclipse-temurin:" + javaVersion + "-jre");
    String artifactId = Manifests.find(Manifests.read(Path.of("pom.xml")), "</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    assertThat(DOCKERFILE).contains("target/" + artifactId + "-*.jar");
  }

  @Test
  void runsAsAFixedNonRootUser() {
    String user = Manifests.find(runtimeStage(), "^USER\\s+(\\d+)");
    assertThat(Integer.parseInt(user)).isPositive();
    assertThat(runtimeStage()).contains("useradd --system --uid " + user);
  }

  @Test
  void hasAHealthCheckOnActuatorHealthThatTheImageCarries() {
    String command = Manifests.find(runtimeStage(), "^HEALTHCHECK .*CMD \\[\"([^\"]+)\"");
    String script = Path.of(command).getFileName().toString();
    assertThat(runtimeStage()).containsPattern("COPY .*docker/" + script + " \\./" + script);
    assertThat(Manifests.find(runtimeStage(), "^WORKDIR (\\S+)")).isEqualTo(Path.of(command).getParent().toString());
    assertThat(Manifests.read(Manifests.DOCKER.resolve(script))).contains("GET /actuator/health ");
  }

  @Test
  void sizesTheHeapFromTheContainerAndListensOnAllInterfaces() {
    String runtime = runtimeStage();
    assertThat(Manifests.find(runtime, "JAVA_TOOL_OPTIONS=\"([^\"]+)\"")).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
    assertThat(runtime).contains("SERVER_ADDRESS=0.0.0.0");
  }

  @Test
  void theReadmesRunCommandsStartTheServiceWithTheImagesJvmOptions() throws IOException {
    List<String> imageOptions = List.of(Manifests.find(runtimeStage(), "JAVA_TOOL_OPTIONS=\"([^\"]+)\"").split(" "));
    String pom = Files.readString(Path.of("pom.xml"));
    String readme = Files.readString(Path.of("README.md")).replace("\\\n", " ").replaceAll(" +", " ");

    String jvmArguments = Manifests.find(pom, "<jvmArguments>([^<]+)</jvmArguments>");
    assertThat(jvmArguments.split(" ")).as("mvn spring-boot:run").contains("-XX:MaxRAM=1g").containsAll(imageOptions);
    String javaJar = Manifests.find(readme, "^(java .*-jar target/mcrpc-cds-hooks-\\S+\\.jar.*)$");
    assertThat(javaJar.split(" ")).as("java -jar in the README").contains("-XX:MaxRAM=1g").containsAll(imageOptions);
  }

  @Test
  void startsWithAClassDataArchiveMadeByTheImagesOwnJvm() {
    String runtime = runtimeStage();
    assertThat(runtime).containsPattern("COPY .*docker/cds-archive.sh \\./cds-archive.sh");
    assertThat(Manifests.find(runtime, "^RUN (/app/cds-archive\\.sh .+)$")).isEqualTo("/app/cds-archive.sh /app/app.jar /app/cds");
    assertThat(Manifests.find(runtime, "^ENTRYPOINT (.+)$"))
        .isEqualTo("[\"java\", \"-XX:SharedArchiveFile=/app/cds/app.jsa\", \"-jar\", \"/app/cds/app/app.jar\"]");
  }

  @Test
  void everyBuildInputExistsAndIsNotExcludedFromTheContext() {
    List<String> sources = new ArrayList<>();
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(\\S+) \\S+$").matcher(DOCKERFILE);
    while (copy.find()) {
      sources.add(copy.group(1));
    }
    assertThat(sources).contains("pom.xml", "src/main", "cql", "fhir-resources");
    List<String> included = Manifests.read(Manifests.DOCKER.resolve("Dockerfile.dockerignore")).lines()
        .filter(line -> line.startsWith("!"))
        .map(line -> line.substring(1).replaceAll("/$", ""))
        .toList();
    sources.forEach(source -> {
      assertThat(Files.exists(Path.of(source))).as(source + " exists").isTrue();
      assertThat(included).as(source + " is in the build context").contains(source);
    });
  }
}
