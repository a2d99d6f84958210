package org.normlab.api.experiment;

import java.util.List;
import org.normlab.api.auth.Caller;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Owners' fair-share weights and priority limits: everyone reads them, admins set them. */
@RestController
@RequestMapping("/api/v1/owners")
class OwnerPolicyController {

  private final OwnerPolicies policies;

  OwnerPolicyController(OwnerPolicies policies) {
    this.policies = policies;
  }

  /** The owners an admin has set a policy for; every other owner has the defaults. */
  @GetMapping
  List<OwnerPolicy> list() {
    return policies.all();
  }

  /** The owner's policy, the defaults ({@code custom: false}) if no admin has set one. */
  @GetMapping("/{owner}")
  OwnerPolicy get(@PathVariable String owner) {
    return policies.read(owner);
  }

  @PutMapping("/{owner}")
  OwnerPolicy set(@PathVariable String owner, @RequestBody(required = false) OwnerPolicyRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return policies.set(owner, request, caller.name());
  }

  /** Back to the defaults (weight 1, any priority). */
  @DeleteMapping("/{owner}")
  OwnerPolicy reset(@PathVariable String owner) {
    return policies.reset(owner);
  }
}
