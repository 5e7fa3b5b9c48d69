/** The finder and the warmer over the slot cache's day-granular {@code SlotDaySource}. */
package dev.calcomclient.alternatives.internal;
