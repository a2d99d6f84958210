package org.normlab.api.dataset;

/**
 * Body of {@code POST /api/v1/datasets} and {@code PUT /api/v1/datasets/{name}}.
 *
 * @param name 1-64 of {@code A-Za-z0-9._-}, starting with a letter or digit, without {@code ..}; on
 *     PUT it may be left out (the path names the dataset) but must not differ
 * @param task what the dataset is for: {@code classification}
 * @param numClasses 1-100,000
 * @param description free text, at most 500 characters without control characters
 */
record DatasetRequest(String name, String task, Integer numClasses, String description) {}
