package dev.calcomclient.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run with {@code EVALSHA} (one short command per call), falling back to {@code EVAL} when the server
 * does not know the script yet, for example after a restart emptied its script cache. Either way one call is one
 * round trip in the common case.
 */
final class LuaScript {
  private final String source;
  private final String sha1;

  LuaScript(String source) {
    this.source = source;
    this.sha1 = sha1(source);
  }

  /** Runs the script with {@code keys} and {@code args}; the future fails when Redis does. */
  <T> CompletableFuture<T> run(
      RedisClusterAsyncCommands<String, byte[]> redis, ScriptOutputType type, String[] keys, byte[]... args) {
    CompletableFuture<T> first;
    try {
      first = redis.<T>evalsha(sha1, type, keys, args).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return first.exceptionallyCompose(
        failure -> {
          if (isNoScript(failure)) {
            try {
              return redis.<T>eval(source, type, keys, args).toCompletableFuture();
            } catch (RuntimeException e) {
              return CompletableFuture.failedFuture(e);
            }
          }
          return CompletableFuture.failedFuture(failure);
        });
  }

  String sha1() {
    return sha1;
  }

  private static boolean isNoScript(Throwable t) {
    Throwable cur = t;
    while (cur instanceof CompletionException && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur instanceof RedisNoScriptException
        || (cur != null && cur.getMessage() != null && cur.getMessage().startsWith("NOSCRIPT"));
  }

  private static String sha1(String source) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(md.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by the JDK", e);
    }
  }

  static byte[] arg(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] arg(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
