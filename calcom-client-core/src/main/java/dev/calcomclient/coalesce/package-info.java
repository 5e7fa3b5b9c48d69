/** Request coalescing: the {@link dev.calcomclient.coalesce.Coalescer} SPI that lets identical in-flight reads share one call. */
package dev.calcomclient.coalesce;
