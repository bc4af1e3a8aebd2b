package org.mcrpccds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mcrpccds.cards.CardCatalog;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.hooks.ComputeSlots;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** The benchmark's floor endpoint exists in the bench profile only: a production service has none. */
class FloorProfileTest {
  private static final HttpLimitsProperties LIMITS = new HttpLimitsProperties(DataSize.ofMegabytes(8), 5000, 0);

  /** The floor controller with the service's real beans it needs. */
  private final ApplicationContextRunner service = new ApplicationContextRunner()
      .withBean(ServiceCatalog.class, () -> new ServiceCatalog(TestContent.CONTENT, new ObjectMapper(), TestEvaluator.libraries(),
          new CardCatalog(TestContent.CONTENT, new ObjectMapper()), RuleProperties.defaults()))
      .withBean(HookRequestReader.class, () -> new HookRequestReader(LIMITS))
      .withBean(EvaluationInputs.class, TestEvaluator::inputs)
      .withBean(ComputeSlots.class, () -> new ComputeSlots(LIMITS))
      .withUserConfiguration(FloorController.class);

  @Test
  void theFloorIsThereInTheBenchProfile() {
    service.withInitializer(context -> context.getEnvironment().setActiveProfiles("bench"))
        .run(context -> assertThat(context).hasSingleBean(FloorController.class));
  }

  @Test
  void theFloorIsNotThereOtherwise() {
    service.run(context -> assertThat(context).doesNotHaveBean(FloorController.class));
    service.withInitializer(context -> context.getEnvironment().setActiveProfiles("prod"))
        .run(context -> assertThat(context).doesNotHaveBean(FloorController.class));
  }
}
