package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Paging information of a list response ({@code PaginationMetaDto}).
 *
 * @param totalItems items matching the query over all pages
 * @param remainingItems items after this page
 * @param returnedItems items in this page
 * @param itemsPerPage the page size asked for
 * @param currentPage 1-based page number
 * @param totalPages number of pages
 * @param hasNextPage whether a later page exists
 * @param hasPreviousPage whether an earlier page exists
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pagination(
    long totalItems,
    long remainingItems,
    int returnedItems,
    int itemsPerPage,
    int currentPage,
    int totalPages,
    boolean hasNextPage,
    boolean hasPreviousPage) {}
