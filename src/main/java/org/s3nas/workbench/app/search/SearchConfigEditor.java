package org.s3nas.workbench.app.search;

import org.s3nas.workbench.app.run.RecordEditor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.s3nas.workbench.app.PropertyRows.Meta;
import org.s3nas.workbench.app.WorkbenchModel;
import org.s3nas.workbench.model.Problem;
import org.s3nas.workbench.model.Project;
import org.s3nas.workbench.model.SearchConfig;
import org.s3nas.workbench.model.Validator;

/**
 * The project's search configuration as a {@link RecordEditor}: an edit is checked with the project {@link Validator}
 * (only problems the edit introduces count) and applied as one undoable {@link WorkbenchModel#edit} step.
 */
final class SearchConfigEditor {
    /** Units shown after a value. */
    private static final Map<String, String> UNITS = Map.of("targetLatencyMs", "ms", "trainingResolution", "px",
            "lrDecayEpochs", "epochs", "checkpointEverySteps", "steps", "phase1Epochs", "epochs", "phase2Epochs", "epochs",
            "batchSize", "images", "limitImages", "images", "thresholdLearningRateScale", "x LR");

    private SearchConfigEditor() {}

    static RecordEditor<SearchConfig> of(WorkbenchModel model, Map<String, Meta> meta, List<String> categoryOrder) {
        return new RecordEditor<>(SearchConfig.class, meta, categoryOrder, UNITS, Set.of(), () -> model.getProject().search(),
                new RecordEditor.Rules<>() {
                    @Override
                    public Optional<String> check(SearchConfig before, SearchConfig after, RecordEditor<SearchConfig> editor) {
                        Project p = model.getProject();
                        Set<String> old = new HashSet<>();
                        for (Problem q : Validator.validate(p)) if (q.isError()) old.add(q.toString());
                        for (Problem q : Validator.validate(p.withSearch(after))) {
                            if (q.isError() && q.path().startsWith("search") && !old.contains(q.toString())) {
                                String key = q.path().startsWith("search.") ? q.path().substring("search.".length()) : q.path();
                                String name = editor.nameOf(key);
                                return Optional.of((name.equals(key) ? q.path() : name) + ": " + q.message());
                            }
                        }
                        return Optional.empty();
                    }

                    @Override
                    public void commit(String description, SearchConfig after) { model.edit(description, pr -> pr.withSearch(after)); }
                });
    }
}
