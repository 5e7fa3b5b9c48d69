package dev.calcomclient.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** The smallest Boot application: auto-configuration only, plus a listener that records webhook events. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApp {

  @Bean
  Received received() {
    return new Received();
  }

  /** The {@link CalcomWebhookReceivedEvent}s published, in order. */
  static class Received {
    final List<CalcomWebhookReceivedEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(CalcomWebhookReceivedEvent event) {
      events.add(event);
    }
  }
}
