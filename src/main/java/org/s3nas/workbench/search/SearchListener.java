package org.s3nas.workbench.search;

/** Receives a search run's reports (see {@link RunListener}). */
public interface SearchListener extends RunListener<SearchEvent, SearchResult> {
}
