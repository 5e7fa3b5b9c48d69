package dev.calcomclient.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Starts a {@code FakeCalcom} (from {@code calcom-client-testkit}, with its default data set) for a Spring test
 * context and points the starter at it: {@code calcom.base-url} and {@code calcom.api-key} are set to the fake's,
 * and the fake is a bean ({@code FakeCalcom}) to inject, seed and inspect. It is stopped when the context closes.
 * Test classes with the same configuration share one context, hence one fake.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureFakeCalcom
 * class BookingTest {
 *   @Autowired CalcomClient client;
 *   @Autowired FakeCalcom fake;
 * }
 * }</pre>
 *
 * <p>Needs {@code calcom-client-testkit} and {@code spring-test} on the test classpath.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(FakeCalcomContextCustomizerFactory.class)
public @interface AutoConfigureFakeCalcom {}
