package org.normlab.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private final AccessPolicy policy = new AccessPolicy();

  @Test
  void readsNeedAViewerAndMutationsAResearcher() {
    assertThat(policy.required("GET", "/api/v1/experiments")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("GET", "/api/v1/leaderboards/fashion-mnist")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("POST", "/api/v1/experiments")).isEqualTo(Role.RESEARCHER);
    assertThat(policy.required("POST", "/api/v1/experiments/x/cancel")).isEqualTo(Role.RESEARCHER);
    assertThat(policy.required("DELETE", "/api/v1/experiments/x")).isEqualTo(Role.RESEARCHER);
  }

  @Test
  void tokensAndDatasetChangesAreAdminsOnly() {
    assertThat(policy.required("GET", "/api/v1/tokens")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("POST", "/api/v1/tokens/x/revoke")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("GET", "/api/v1/datasets")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("POST", "/api/v1/datasets")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("PUT", "/api/v1/datasets/imagenet")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("POST", "/api/v1/datasets/imagenet/retire")).isEqualTo(Role.ADMIN);
  }

  @Test
  void ownerPoliciesAndReprioritizingRunsAreAdminsOnlyWhileReadingThemIsAViewers() {
    assertThat(policy.required("GET", "/api/v1/owners")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("GET", "/api/v1/owners/alice")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("PUT", "/api/v1/owners/alice")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("DELETE", "/api/v1/owners/alice")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("PATCH", "/api/v1/experiments/x")).isEqualTo(Role.ADMIN);
    assertThat(policy.required("GET", "/api/v1/experiments/x")).isEqualTo(Role.VIEWER);
  }

  @Test
  void onlyTheActuatorIsOpenAndAnyOtherPathNeedsAToken() {
    assertThat(policy.required("GET", "/actuator/prometheus")).isNull();
    assertThat(policy.required("GET", "/actuator/health/readiness")).isNull();
    assertThat(policy.required("GET", "/v3/api-docs")).isEqualTo(Role.VIEWER);
    assertThat(policy.required("POST", "/anything")).isEqualTo(Role.VIEWER);
  }

  @Test
  void eachRoleIncludesTheOnesBelowIt() {
    assertThat(Role.ADMIN.includes(Role.RESEARCHER)).isTrue();
    assertThat(Role.RESEARCHER.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.RESEARCHER)).isFalse();
    assertThat(Role.RESEARCHER.includes(Role.ADMIN)).isFalse();
  }
}
