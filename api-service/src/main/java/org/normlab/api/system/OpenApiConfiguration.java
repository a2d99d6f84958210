package org.normlab.api.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What springdoc cannot read from the controllers: the API's name and that every call carries a
 * bearer token (docs/api.md, Authentication). The document is served at /v3/api-docs and kept in
 * docs/openapi.json.
 */
@Configuration
class OpenApiConfiguration {

  @Bean
  OpenAPI normlabOpenApi() {
    return new OpenAPI()
        .info(new Info().title("NormLab API").version("v1")
            .description("Experiments, leaderboards and tokens of NormLab. Errors are application/problem+json "
                + "(RFC 9457) with a stable code; see docs/api.md."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API token (nlt_...); roles viewer < researcher < admin")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
