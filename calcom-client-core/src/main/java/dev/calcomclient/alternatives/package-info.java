/**
 * Alternative slots and cache warming: {@link dev.calcomclient.alternatives.AlternativesService} proposes the
 * nearest bookable slots when a desired start is taken, answering every strategy from one span of cached slot days
 * (at most one upstream call per search), and {@link dev.calcomclient.alternatives.CacheWarmer} keeps the next days
 * of chosen or popular event types cached on the background lane.
 */
package dev.calcomclient.alternatives;
