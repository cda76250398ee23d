package org.s3nas.workbench.search;

import org.s3nas.workbench.engine.RunListener;

/** Receives a search run's reports (see {@link RunListener}). */
public interface SearchListener extends RunListener<SearchEvent, SearchResult> {
}
