package dev.calcomclient.spring.boot.test;

import dev.calcomclient.testkit.FakeCalcom;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Creates the customizer of {@link AutoConfigureFakeCalcom} for test classes that carry it. */
public final class FakeCalcomContextCustomizerFactory implements ContextCustomizerFactory {

  /** Creates the factory (Spring's test framework does). */
  public FakeCalcomContextCustomizerFactory() {}

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    boolean present =
        MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
            .isPresent(AutoConfigureFakeCalcom.class);
    return present ? new FakeCalcomCustomizer() : null;
  }

  /** Starts the fake and sets the properties; equal to every other instance, so contexts are cached as usual. */
  private static final class FakeCalcomCustomizer implements ContextCustomizer {
    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
      FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "fakeCalcom",
                  Map.of("calcom.base-url", fake.baseUrl(), "calcom.api-key", fake.apiKey())));
      context.getBeanFactory().registerSingleton("fakeCalcom", fake);
      context.addApplicationListener(
          event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
              fake.close();
            }
          });
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FakeCalcomCustomizer;
    }

    @Override
    public int hashCode() {
      return FakeCalcomCustomizer.class.hashCode();
    }
  }
}
