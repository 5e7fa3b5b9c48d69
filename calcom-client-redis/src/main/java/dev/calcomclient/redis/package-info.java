/**
 * Redis implementations of calcom-client's layer SPIs, so that many service instances sharing one Cal.com
 * credential behave as one client: one rate budget, one L2 cache, L1 caches that drop entries when any instance
 * books, and request coalescing across JVMs. {@link dev.calcomclient.redis.CalcomRedis} builds all four from a
 * Redis URI and applies them to a {@link dev.calcomclient.CalcomClient.Builder}. Nothing in
 * {@code calcom-client-core} depends on this module.
 *
 * <h2>Redis keys</h2>
 *
 * Under the key prefix {@code P} (default {@code calcom:v1}, the client's cache prefix); the credential only ever
 * appears as its hash {@code C}, a request only as the hash {@code H} of its canonical form:
 *
 * <table>
 *   <caption>Keys and channels</caption>
 *   <tr><th>key</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code P:slots:et:101:default:2050-09-05}</td><td>hash {@code v}, {@code g}</td>
 *       <td>a cached day of slots (JSON) and the tag generation it was filled at; {@code PX} TTL</td></tr>
 *   <tr><td>{@code P:tag:et:101:2050-09-05}</td><td>set</td><td>the keys filed under the tag</td></tr>
 *   <tr><td>{@code P:tag:et:101:2050-09-05:gen}</td><td>string</td><td>the tag's generation</td></tr>
 *   <tr><td>{@code P:rl:{C}}</td><td>sorted set</td><td>the credential's shared sliding log: members
 *       {@code count:instance:lease}, scores the entries' end times (epoch ms)</td></tr>
 *   <tr><td>{@code P:rl:{C}:pause}</td><td>string</td><td>the end of a 429 pause, epoch ms</td></tr>
 *   <tr><td>{@code P:rl:{C}:cap}</td><td>hash {@code left}, {@code until}</td><td>what the server said is left until its reset
 *       (epoch ms)</td></tr>
 *   <tr><td>{@code P:co:{H}:lock}, {@code P:co:{H}:r:F}</td><td>string</td>
 *       <td>the coalescing lock (held by flight {@code F}) and {@code F}'s shared response</td></tr>
 *   <tr><td>{@code P:invalidations}, {@code P:co:filled}</td><td>channels</td>
 *       <td>invalidation messages; coalescing fill notices</td></tr>
 * </table>
 *
 * <p>With a {@code redis-cluster://} URI the cache keys of a tag carry the tag as hash tag
 * ({@code {P:tag:et:101:2050-09-05}:P:slots:...}), so that every script stays within one slot.
 */
package dev.calcomclient.redis;
