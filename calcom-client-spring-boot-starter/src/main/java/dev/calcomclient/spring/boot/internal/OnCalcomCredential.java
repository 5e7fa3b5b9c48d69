package dev.calcomclient.spring.boot.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a credential property is set: {@code calcom.api-key}, {@code calcom.oauth.client-id} or
 * {@code calcom.oauth.client-secret}. Without one the starter creates no client, so adding the dependency never
 * breaks start-up of an application that does not configure it.
 */
public final class OnCalcomCredential extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment env = context.getEnvironment();
    for (String name : new String[] {"calcom.api-key", "calcom.oauth.client-id", "calcom.oauth.client-secret"}) {
      if (env.containsProperty(name)) {
        return ConditionOutcome.match(name + " is set");
      }
    }
    return ConditionOutcome.noMatch("none of calcom.api-key, calcom.oauth.client-id, calcom.oauth.client-secret is set");
  }
}
