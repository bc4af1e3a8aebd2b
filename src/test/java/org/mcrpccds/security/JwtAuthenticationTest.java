package org.mcrpccds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcrpccds.support.SecuredServiceTestBase;
import org.mcrpccds.support.TestIssuers;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * CDS Hooks client authentication where JWTs are required: a valid token passes on discovery,
 * service and feedback calls; every broken or hostile token is a 401 with a generic body.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtAuthenticationTest extends SecuredServiceTestBase {
  private static final String DISCOVERY = "/cds-services";

  @Test
  void aValidTokenOpensDiscoveryServicesAndFeedback() {
    assertThat(get(DISCOVERY).status()).isEqualTo(200);
    Response call = post("/cds-services/mcrpc-patient-view", "{\"hook\":\"patient-view\",\"hookInstance\":\""
        + UUID.randomUUID() + "\",\"context\":{\"patientId\":\"p1\"},\"prefetch\":{\"patient\":null,\"conditions\":null,"
        + "\"medicationStatements\":null,\"medicationRequests\":null,\"medicationAdministrations\":null,"
        + "\"imagingStudies\":null,\"diagnosticReports\":null,\"observations\":null,\"serviceRequests\":null}}");
    assertThat(call.status()).as(call.body()).isEqualTo(200);
    Response feedback = post("/cds-services/mcrpc-patient-view/feedback", "{\"feedback\":[{\"card\":\""
        + UUID.randomUUID() + "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-29T10:00:00Z\"}]}");
    assertThat(feedback.status()).as(feedback.body()).isNotEqualTo(401);
  }

  @Test
  void everyAsymmetricFamilyIsAccepted() {
    assertThat(discovery(token().signedBy(ISSUERS.rsa(), JWSAlgorithm.RS384).compact())).isEqualTo(200);
    assertThat(discovery(token().signedBy(ISSUERS.rsa(), JWSAlgorithm.PS256).compact())).isEqualTo(200);
    assertThat(discovery(token().signedBy(ISSUERS.ec256(), JWSAlgorithm.ES256).compact())).isEqualTo(200);
  }

  @Test
  void withoutATokenIs401WithAGenericOperationOutcome() {
    Response response = sendWithoutToken(HttpRequest.newBuilder(URI.create(url(DISCOVERY))).GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.json().at("/issue/0/diagnostics").asText()).isEqualTo("a valid CDS Hooks client JWT is required");
  }

  @Test
  void feedbackAndServiceCallsNeedATokenToo() {
    for (String path : List.of("/cds-services/mcrpc-patient-view", "/cds-services/mcrpc-patient-view/feedback")) {
      Response response = sendWithoutToken(HttpRequest.newBuilder(URI.create(url(path)))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(response.status()).as(path).isEqualTo(401);
    }
  }

  @Test
  void theNonCdsEndpointsTakeNoClientJwt() {
    String garbage = "not-a-jwt";
    assertThat(send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).header("Authorization", "Bearer " + garbage)
        .GET()).status()).isEqualTo(200);
  }

  @Test
  void expiredIsRefusedButASmallClockSkewIsTolerated() {
    Instant now = Instant.now();
    assertThat(discovery(token().claims(c -> c.issueTime(Date.from(now.minusSeconds(600)))
        .expirationTime(Date.from(now.minusSeconds(120)))).compact())).isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.issueTime(Date.from(now.minusSeconds(300)))
        .expirationTime(Date.from(now.minusSeconds(30)))).compact())).isEqualTo(200);
  }

  @Test
  void notYetValidIsRefused() {
    Instant now = Instant.now();
    assertThat(discovery(token().claims(c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))).compact())).isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.issueTime(Date.from(now.plusSeconds(120)))
        .expirationTime(Date.from(now.plusSeconds(400)))).compact())).isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.notBeforeTime(Date.from(now.plusSeconds(20)))).compact()))
        .as("within the 60 s skew").isEqualTo(200);
  }

  @Test
  void aTokenValidForLongerThanAnHourIsRefused() {
    assertThat(discovery(token().claims(c -> c.expirationTime(Date.from(Instant.now().plusSeconds(7200)))).compact()))
        .isEqualTo(401);
  }

  @Test
  void theAudienceMustBeTheExactUrlCalled() {
    String service = url("/cds-services/mcrpc-patient-view");
    assertThat(discovery(token().claims(c -> c.audience(service)).compact())).as("another endpoint").isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.audience(url(DISCOVERY) + "/")).compact())).as("trailing slash").isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.audience("https://other-service.example.org/cds-services")).compact()))
        .isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.audience(List.of(service, url(DISCOVERY)))).compact()))
        .as("an array that contains it").isEqualTo(200);
    assertThat(discovery(token().claims(c -> c.audience((String) null)).compact())).as("no aud").isEqualTo(401);
  }

  @Test
  void anUnknownIssuerIsRefused() {
    assertThat(discovery(token().issuer("https://evil.example.test").compact())).isEqualTo(401);
    assertThat(discovery(token().issuer(null).compact())).isEqualTo(401);
  }

  @Test
  void requiredClaimsMustBePresent() {
    assertThat(discovery(token().claims(c -> c.jwtID(null)).compact())).as("jti").isEqualTo(401);
    assertThat(discovery(token().claims(c -> c.expirationTime(null)).compact())).as("exp").isEqualTo(401);
  }

  @Test
  void anUnknownKidIsRefused() {
    assertThat(discovery(token().kid("no-such-key").compact())).isEqualTo(401);
    assertThat(discovery(token().kid(null).compact())).isEqualTo(401);
  }

  @Test
  void anUnknownKidRefreshesTheIssuersKeySetExactlyOnce() {
    String path = "/refresh/jwks.json";
    assertThat(discovery(token().issuer(TestIssuers.REFRESH).compact())).isEqualTo(200);
    int reads = ISSUERS.reads(path);

    assertThat(discovery(token().issuer(TestIssuers.REFRESH).kid("rotated-away").compact())).isEqualTo(401);
    assertThat(ISSUERS.reads(path)).as("one refresh for the unknown kid").isEqualTo(reads + 1);

    assertThat(discovery(token().issuer(TestIssuers.REFRESH).kid("another-made-up-kid").compact())).isEqualTo(401);
    assertThat(ISSUERS.reads(path)).as("refreshes are rate limited: made-up kids cannot hammer the issuer").isEqualTo(reads + 1);
  }

  @Test
  void aRotatedKeyIsPickedUpByTheRefresh() {
    String path = "/rotating/jwks.json";
    assertThat(discovery(token().issuer(TestIssuers.ROTATING).compact())).isEqualTo(200);
    ECKey next = TestIssuers.generateEc(Curve.P_384, "rotated-in");
    ISSUERS.serve(path, ISSUERS.ec(), next);
    int reads = ISSUERS.reads(path);

    assertThat(discovery(token().issuer(TestIssuers.ROTATING).signedBy(next, JWSAlgorithm.ES384).compact())).isEqualTo(200);
    assertThat(ISSUERS.reads(path)).isEqualTo(reads + 1);
  }

  @Test
  void aJkuIsFollowedOnlyWhenTheIssuerAllowsIt() {
    ECKey alternate = TestIssuers.generateEc(Curve.P_384, "alternate");
    ISSUERS.serve("/rotating/alternate-jwks.json", alternate);
    assertThat(discovery(token().issuer(TestIssuers.ROTATING).signedBy(alternate, JWSAlgorithm.ES384)
        .jku(ISSUERS.url("/rotating/alternate-jwks.json")).compact())).isEqualTo(200);

    ECKey attacker = TestIssuers.generateEc(Curve.P_384, "attacker");
    ISSUERS.serve("/attacker/jwks.json", attacker);
    assertThat(discovery(token().signedBy(attacker, JWSAlgorithm.ES384).jku(ISSUERS.url("/attacker/jwks.json")).compact()))
        .isEqualTo(401);
    assertThat(ISSUERS.reads("/attacker/jwks.json")).as("never fetched").isZero();
  }

  @Test
  void aTamperedPayloadIsRefused() throws Exception {
    SignedJWT signed = SignedJWT.parse(token().compact());
    JWTClaimsSet changed = new JWTClaimsSet.Builder(signed.getJWTClaimsSet()).subject("admin").build();
    String tampered = signed.getHeader().toBase64URL() + "." + Base64URL.encode(changed.toString()) + "." + signed.getSignature();

    assertThat(discovery(tampered)).isEqualTo(401);
  }

  @Test
  void aSignatureByAnotherKeyWithATrustedKidIsRefused() {
    ECKey impostor = TestIssuers.generateEc(Curve.P_384, ISSUERS.ec().getKeyID());

    assertThat(discovery(token().signedBy(impostor, JWSAlgorithm.ES384).compact())).isEqualTo(401);
  }

  @Test
  void algNoneIsRefused() throws Exception {
    var claims = SignedJWT.parse(token().compact()).getJWTClaimsSet();

    assertThat(discovery(new PlainJWT(claims).serialize())).isEqualTo(401);
  }

  @Test
  void hmacSignedWithThePublicKeyIsRefused() throws Exception {
    var claims = SignedJWT.parse(token().compact()).getJWTClaimsSet();
    for (byte[] secret : List.of(ISSUERS.rsa().toPublicKey().getEncoded(), ISSUERS.rsa().toPublicJWK().toJSONString().getBytes(),
        ISSUERS.ec().toPublicJWK().toJSONString().getBytes())) {
      SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS384).keyID(ISSUERS.rsa().getKeyID()).build(), claims);
      forged.sign(new MACSigner(secret));
      assertThat(discovery(forged.serialize())).isEqualTo(401);
    }
  }

  @Test
  void anAlgorithmThatDoesNotFitTheKeyIsRefused() {
    assertThat(discovery(token().signedBy(ISSUERS.ec256(), JWSAlgorithm.ES256).kid(ISSUERS.ec().getKeyID()).compact()))
        .as("ES256 signature, P-384 key").isEqualTo(401);
  }

  @Test
  void aReplayedJtiIsRefused() {
    String once = token().compact();

    assertThat(discovery(once)).isEqualTo(200);
    assertThat(discovery(once)).isEqualTo(401);
  }

  @Test
  void theIssuersTenantIsChecked() {
    assertThat(discovery(token().issuer(TestIssuers.TENANT).claims(c -> c.claim("tenant", TestIssuers.TENANT_ID)).compact()))
        .isEqualTo(200);
    assertThat(discovery(token().issuer(TestIssuers.TENANT).claims(c -> c.claim("tenant", "hospital-b")).compact()))
        .isEqualTo(401);
    assertThat(discovery(token().issuer(TestIssuers.TENANT).compact())).isEqualTo(401);
  }

  @Test
  void garbageIsRefused() {
    for (String authorization : List.of("Bearer ", "Bearer abc", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer " + "x".repeat(4000))) {
      Response response = send(HttpRequest.newBuilder(URI.create(url(DISCOVERY))).header("Authorization", authorization).GET());
      assertThat(response.status()).as(authorization).isEqualTo(401);
    }
  }

  @Test
  void refusalsAreLoggedByReasonWithoutTheToken(CapturedOutput output) {
    String expired = token().claims(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))).compact();

    assertThat(discovery(expired)).isEqualTo(401);

    assertThat(output.getAll()).contains("CDS client JWT refused").contains("expired").doesNotContain(expired)
        .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
  }

  private TestIssuers.Token token() {
    return ISSUERS.token(url(DISCOVERY));
  }

  private int discovery(String jwt) {
    return send(HttpRequest.newBuilder(URI.create(url(DISCOVERY))).header("Authorization", "Bearer " + jwt).GET()).status();
  }
}
