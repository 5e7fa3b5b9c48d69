package dev.calcomclient.testkit;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts a {@link FakeCalcom} before the tests and closes it afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeCalcomExtension fake = FakeCalcomExtension.withDefaultData();   // one server per class
 *
 * @Test void books(FakeCalcom calcom) { ... }                             // or inject it as a parameter
 * }</pre>
 *
 * <p>Registered on a static field, one fake serves the whole class and (by default) is {@linkplain
 * FakeCalcom#reset() reset} before each test, so tests do not see each other's bookings; registered on an
 * instance field, each test gets a fresh fake. With {@code @ExtendWith(FakeCalcomExtension.class)} the fake holds
 * the {@linkplain DefaultDataset default data}. Test methods and constructors can declare a {@link FakeCalcom}
 * parameter.
 */
public final class FakeCalcomExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final Supplier<FakeCalcom.Builder> builder;
  private boolean resetBetweenTests = true;
  private FakeCalcom fake;
  private boolean perClass;

  /** Used by {@code @ExtendWith}: the default dataset, reset between tests. */
  public FakeCalcomExtension() {
    this(() -> FakeCalcom.builder().withDefaultData());
  }

  private FakeCalcomExtension(Supplier<FakeCalcom.Builder> builder) {
    this.builder = builder;
  }

  /**
   * A fake holding the {@linkplain DefaultDataset default data}.
   *
   * @return a fake holding the {@linkplain DefaultDataset default data}
   */
  public static FakeCalcomExtension withDefaultData() {
    return new FakeCalcomExtension();
  }

  /**
   * A fake built from {@code builder}, which is called each time a fake is created (so it should return a fresh
   * builder, e.g. {@code () -> FakeCalcom.builder().withDefaultData().clock(clock)}).
   *
   * @param builder the builder
   * @return a fake built from {@code builder}, which is called each time a fake is created (so it should return a fresh
   *     builder, e.g
   */
  public static FakeCalcomExtension of(Supplier<FakeCalcom.Builder> builder) {
    return new FakeCalcomExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * Whether a per-class fake is reset before each test (default {@code true}).
   *
   * @param reset the reset
   * @return whether a per-class fake is reset before each test (default {@code true})
   */
  public FakeCalcomExtension resetBetweenTests(boolean reset) {
    this.resetBetweenTests = reset;
    return this;
  }

  /**
   * The running fake.
   *
   * @return the running fake
   */
  public FakeCalcom get() {
    if (fake == null) {
      throw new IllegalStateException("FakeCalcom is only available while tests run");
    }
    return fake;
  }

  /**
   * Shorthand for {@code get().baseUrl()}.
   *
   * @return shorthand for {@code get().baseUrl()}
   */
  public String baseUrl() {
    return get().baseUrl();
  }

  /**
   * Shorthand for {@code get().apiKey()}.
   *
   * @return shorthand for {@code get().apiKey()}
   */
  public String apiKey() {
    return get().apiKey();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (fake == null) {
      fake = builder.get().build().start();
      perClass = true;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (fake == null) {
      fake = builder.get().build().start();
      perClass = false;
    } else if (perClass && resetBetweenTests) {
      fake.reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (fake != null && !perClass) {
      fake.close();
      fake = null;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fake != null && perClass) {
      fake.close();
      fake = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == FakeCalcom.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (fake == null) {
      // e.g. a constructor parameter resolved before beforeEach of an instance-registered extension
      fake = builder.get().build().start();
      perClass = false;
    }
    return fake;
  }
}
