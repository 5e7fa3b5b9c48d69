package dev.calcomclient.redis.support;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lettuce's asynchronous commands, each one reported as work under way from when it is sent until everything its
 * answer sets off on the answering thread has run (so that a driven test's clock stands still meanwhile): a command
 * starts with {@code busy.get()} and ends by running what that returned.
 */
public final class WatchedCommands {
  private WatchedCommands() {}

  /**
   * {@code commands}, watched.
   *
   * @param commands the connection's commands
   * @param busy starts one piece of work and returns what ends it (e.g. {@code DrivenHammer::busy})
   * @return the same commands, each reported while under way
   */
  @SuppressWarnings("unchecked")
  public static RedisClusterAsyncCommands<String, byte[]> watch(
      RedisClusterAsyncCommands<String, byte[]> commands, Supplier<Runnable> busy) {
    return (RedisClusterAsyncCommands<String, byte[]>) Proxy.newProxyInstance(
        WatchedCommands.class.getClassLoader(),
        new Class<?>[] {RedisClusterAsyncCommands.class},
        (proxy, method, args) -> {
          if (!RedisFuture.class.isAssignableFrom(method.getReturnType())) {
            return invoke(method, commands, args);
          }
          Runnable end = busy.get();
          RedisFuture<Object> sent;
          try {
            sent = (RedisFuture<Object>) invoke(method, commands, args);
          } catch (Throwable t) {
            end.run();
            throw t;
          }
          Answer<Object> answer = new Answer<>();
          sent.whenComplete((value, failure) -> {
            try {
              if (failure == null) {
                answer.complete(value);
              } else {
                answer.completeExceptionally(failure);
              }
            } finally {
              end.run();
            }
          });
          return answer;
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A command's answer, completed (with what depends on it) before the command counts as ended. */
  private static final class Answer<V> extends CompletableFuture<V> implements RedisFuture<V> {
    @Override
    public String getError() {
      if (!isCompletedExceptionally()) {
        return null;
      }
      try {
        join();
        return null;
      } catch (CompletionException e) {
        return String.valueOf(e.getCause());
      }
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        get(timeout, unit);
      } catch (ExecutionException e) {
        return true;
      } catch (TimeoutException e) {
        return false;
      }
      return true;
    }
  }
}
