package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.spring.boot.CalcomHealth;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code calcom} health indicator on Spring Boot 3, whose {@code HealthIndicator} lives in
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved it to {@code spring-boot-health}, and this module is
 * compiled against Boot 4). The bean is a proxy of Boot 3's interface, declared with that type so that Actuator
 * finds it; {@code health()} builds {@code Health.status(code).withDetails(details).build()} reflectively from
 * {@link CalcomHealth}. Nothing is registered when the application already has a bean named
 * {@value #BEAN_NAME}.
 */
public final class Boot3HealthRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {
  /** Boot 3's health indicator interface. */
  public static final String HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

  static final String BEAN_NAME = "calcomHealthIndicator";
  private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

  private BeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    if (registry.containsBeanDefinition(BEAN_NAME)) {
      return;
    }
    ClassLoader loader = ClassUtils.getDefaultClassLoader();
    Class<?> indicator = ClassUtils.resolveClassName(HEALTH_INDICATOR, loader);
    BeanFactory factory = beanFactory;
    RootBeanDefinition definition = new RootBeanDefinition(indicator);
    definition.setTargetType(indicator);
    definition.setInstanceSupplier(() -> proxy(indicator, factory.getBean(CalcomHealth.class)));
    registry.registerBeanDefinition(BEAN_NAME, definition);
  }

  private static Object proxy(Class<?> indicator, CalcomHealth health) {
    Class<?> healthType = ClassUtils.resolveClassName(HEALTH, indicator.getClassLoader());
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "health":
              if (method.getParameterCount() == 0) {
                return build(healthType, health);
              }
              break;
            case "toString":
              return "CalcomHealthIndicator(Boot 3)";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              break;
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException(method.toString());
        };
    return Proxy.newProxyInstance(indicator.getClassLoader(), new Class<?>[] {indicator}, handler);
  }

  private static Object build(Class<?> healthType, CalcomHealth health) throws ReflectiveOperationException {
    try {
      Object builder = healthType.getMethod("status", String.class).invoke(null, health.isDown() ? "DOWN" : "UP");
      Method withDetails = builder.getClass().getMethod("withDetails", Map.class);
      withDetails.invoke(builder, health.details());
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
