package org.s3nas.workbench.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The workbench window. */
public final class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("S3NAS Workbench");
        stage.setScene(new Scene(new Label("S3NAS Workbench"), 1400, 900));
        stage.show();
    }
}
