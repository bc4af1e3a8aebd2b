package org.mcrpccds.cql.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.slf4j.LoggerFactory;

/**
 * The shadow check counts where the compiled evaluator and the reference engine disagree, logs it
 * without patient data, and never holds a call up.
 */
class ShadowCheckTest {
  private static final String LIBRARY = "McrpcPatientView";
  private static final String FLIPPED = "R0";
  private static final ZonedDateTime NOW = ZonedDateTime.now(ZoneOffset.UTC);
  /** Any patient: loading the cases is the slow part, so once for the class. */
  private static final RuleCase PATIENT = RuleCase.all("patient-view").get(0);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final PatientRecord record = new PatientRecord();
  private final Map<String, Object> parameters = RuleProperties.defaults().cqlParameters();

  @BeforeEach
  void setUp() {
    PATIENT.record().forEach(resource -> record.add(TestContent.element(resource)));
    logged.start();
    ((Logger) LoggerFactory.getLogger(ShadowCheck.class)).addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(ShadowCheck.class)).detachAppender(logged);
  }

  @Test
  void aWrongCompiledResultIsCountedAndLoggedWithoutValues() throws Exception {
    ShadowCheck shadow = new ShadowCheck(wrongAbout(FLIPPED), TestEvaluator.reference(), 1.0, 16, meters);

    DefineResults answered = shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);
    assertThat(shadow.finish(60)).isTrue();

    assertThat(answered.get(FLIPPED)).as("the call is answered by the compiled evaluator, wrong or not")
        .isEqualTo(wrongAbout(FLIPPED).evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW).get(FLIPPED));
    assertThat(count("mcrpc.cql.shadow.disagreements", "define", FLIPPED)).isEqualTo(1);
    assertThat(meters.find("mcrpc.cql.shadow.disagreements").counters()).hasSize(1);
    assertThat(count("mcrpc.cql.shadow.checks", "outcome", "disagree")).isEqualTo(1);
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getFormattedMessage()).contains(LIBRARY, FLIPPED)
          .doesNotContain(PATIENT.patientId(), "true", "false");
    });
  }

  @Test
  void agreementIsCountedAndNotLogged() throws Exception {
    ShadowCheck shadow = new ShadowCheck(TestEvaluator.compiled(), TestEvaluator.reference(), 1.0, 16, meters);

    shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);
    assertThat(shadow.finish(60)).isTrue();

    assertThat(count("mcrpc.cql.shadow.checks", "outcome", "agree")).isEqualTo(1);
    assertThat(meters.find("mcrpc.cql.shadow.disagreements").counters()).isEmpty();
    assertThat(logged.list).isEmpty();
  }

  /** With the reference engine held up and the queue full, calls are still answered, and their checks dropped. */
  @Test
  void aFullQueueDropsChecksAndNeverHoldsACallUp() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch checking = new CountDownLatch(1);
    CqlEvaluator slowReference = (library, data, patientId, given, now) -> {
      checking.countDown();
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return TestEvaluator.reference().evaluate(library, data, patientId, given, now);
    };
    ShadowCheck shadow = new ShadowCheck(TestEvaluator.compiled(), slowReference, 1.0, 1, meters);

    shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);
    checking.await();
    shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);
    DefineResults third = shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);

    assertThat(third.get(FLIPPED)).as("answered while the check of the first call is held up").isNotNull();
    assertThat(meters.find("mcrpc.cql.shadow.dropped").counter().count()).isEqualTo(1);
    held.countDown();
    assertThat(shadow.finish(60)).isTrue();
    assertThat(count("mcrpc.cql.shadow.checks", "outcome", "agree")).isEqualTo(2);
  }

  @Test
  void aRateOfZeroChecksNoCall() throws Exception {
    ShadowCheck shadow = new ShadowCheck(wrongAbout(FLIPPED), TestEvaluator.reference(), 0, 16, meters);

    shadow.evaluate(LIBRARY, record, PATIENT.patientId(), parameters, NOW);
    assertThat(shadow.finish(60)).isTrue();

    assertThat(meters.find("mcrpc.cql.shadow.checks").counters()).isEmpty();
  }

  /** The compiled evaluator with one Boolean define's value turned over: a compiled evaluator that is wrong. */
  private static CqlEvaluator wrongAbout(String define) {
    return (library, data, patientId, given, now) -> {
      DefineResults right = TestEvaluator.compiled().evaluate(library, data, patientId, given, now);
      return DefineResults.of(library, new DefineResults.Names(right.names()), index -> {
        String name = right.names().get(index);
        return name.equals(define) ? !Boolean.TRUE.equals(right.get(name)) : right.get(name);
      });
    };
  }

  private double count(String meter, String tag, String value) {
    Counter counter = meters.find(meter).tags("library", LIBRARY, tag, value).counter();
    return counter == null ? 0 : counter.count();
  }
}
