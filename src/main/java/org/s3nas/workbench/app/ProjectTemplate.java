package org.s3nas.workbench.app;

import java.util.function.Supplier;
import org.s3nas.workbench.model.Project;

/** A starting point for File → New: a title, a one-line description, and the project it creates. */
public record ProjectTemplate(String title, String description, Supplier<Project> factory) {
    public Project create() { return factory.get(); }

    @Override
    public String toString() { return title; }
}
