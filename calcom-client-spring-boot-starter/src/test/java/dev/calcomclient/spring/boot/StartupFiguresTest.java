package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * What the starter adds to a servlet application with Actuator, Micrometer and the webhook endpoint: the beans it
 * defines, and the time spent creating them (Boot's {@code spring.beans.instantiate} start-up steps of those beans,
 * outermost only, so nested creations are not counted twice). The figures go to the {@code calcom.figures} logger.
 */
@Timeout(120)
class StartupFiguresTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final String PACKAGE = "dev.calcomclient.spring.boot";

  @Test
  void theStarterDefinesTheseBeansAndTheirCreationTimeIsMeasured() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      SpringApplication app = new SpringApplication(TestApp.class);
      BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
      app.setApplicationStartup(startup);
      long started = System.nanoTime();
      try (ConfigurableApplicationContext context =
          app.run(
              "--server.port=0",
              "--calcom.base-url=" + fake.baseUrl(),
              "--calcom.api-key=" + fake.apiKey(),
              "--calcom.webhooks.enabled=true",
              "--calcom.webhooks.secrets=whsec_figures")) {
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        Set<String> beans = starterBeans(context.getBeanFactory());

        assertThat(beans)
            .contains(
                "calcomClient",
                "calcomHealth",
                "calcomWebhooks",
                "calcomWebhookEndpoint",
                "calcomWebhookRoute",
                "calcomMicrometerBinder",
                "calcomObservationListener",
                "calcomHealthIndicator",
                "calcomInfoContributor")
            .doesNotContain("calcomRedis", "testApp");
        Duration creation = creationTime(startup.getBufferedTimeline(), beans);
        assertThat(creation).isPositive().isLessThan(total);

        FIGURES.info(
            "starter beans: {} ({}); their creation took {} ms of a {} ms start-up (servlet, Actuator, Micrometer,"
                + " webhook endpoint; FakeCalcom; this machine)",
            beans.size(),
            beans,
            creation.toMillis(),
            total.toMillis());
      }
    }
  }

  /** Beans defined by the starter: its configuration classes, their bean methods, and the properties. */
  private static Set<String> starterBeans(ConfigurableListableBeanFactory factory) {
    Set<String> names = new TreeSet<>();
    for (String name : factory.getBeanDefinitionNames()) {
      BeanDefinition bd = factory.getBeanDefinition(name);
      String factoryBean = bd.getFactoryBeanName();
      boolean fromStarter =
          (factoryBean != null && factoryBean.startsWith(PACKAGE))
              || name.startsWith(PACKAGE)
              || name.startsWith("calcom-" + PACKAGE)
              || name.equals("calcomHealthIndicator");
      if (fromStarter) {
        names.add(name);
      }
    }
    return names;
  }

  /** The time of the outermost instantiation steps of {@code beans}. */
  private static Duration creationTime(StartupTimeline timeline, Set<String> beans) {
    Map<Long, String> beanOfStep = new HashMap<>();
    Map<Long, Long> parentOfStep = new HashMap<>();
    List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
    for (StartupTimeline.TimelineEvent e : events) {
      StartupStep step = e.getStartupStep();
      parentOfStep.put(step.getId(), step.getParentId());
      if (step.getName().equals("spring.beans.instantiate")) {
        for (StartupStep.Tag tag : step.getTags()) {
          if (tag.getKey().equals("beanName") && beans.contains(tag.getValue())) {
            beanOfStep.put(step.getId(), tag.getValue());
          }
        }
      }
    }
    Duration sum = Duration.ZERO;
    for (StartupTimeline.TimelineEvent e : events) {
      long id = e.getStartupStep().getId();
      if (beanOfStep.containsKey(id) && !hasStarterAncestor(id, beanOfStep, parentOfStep)) {
        sum = sum.plus(e.getDuration());
      }
    }
    return sum;
  }

  private static boolean hasStarterAncestor(long id, Map<Long, String> beanOfStep, Map<Long, Long> parents) {
    Long parent = parents.get(id);
    while (parent != null) {
      if (beanOfStep.containsKey(parent)) {
        return true;
      }
      parent = parents.get(parent);
    }
    return false;
  }
}
