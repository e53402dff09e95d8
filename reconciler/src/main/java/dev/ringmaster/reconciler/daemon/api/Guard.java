package dev.ringmaster.reconciler.daemon.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a request's bearer token against the token file; throws {@link ApiException} if denied.
 */
@ApplicationScoped
public class Guard {
  @Inject TokenStore tokens;

  public String require(String authorization, TokenStore.Scope scope) {
    TokenStore.Decision decision = tokens.authorize(authorization, scope);
    if (decision instanceof TokenStore.Decision.Denied d) {
      throw new ApiException(d.status(), d.message());
    }
    return ((TokenStore.Decision.Allowed) decision).who();
  }
}
