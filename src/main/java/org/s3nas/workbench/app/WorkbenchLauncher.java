package org.s3nas.workbench.app;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;

/**
 * Starts the JavaFX workbench; kept apart from {@code Main} so that command-line modes never touch JavaFX.
 * The first project is read on a background thread while the JavaFX toolkit starts, so neither waits for the other.
 */
public final class WorkbenchLauncher {
    private static volatile CompletableFuture<Startup> startup;
    private static volatile ProjectStore store;

    private WorkbenchLauncher() {}

    /** Opens the workbench on {@code project}, or on the bundled fashion-mnist sample when it is null. Blocks until the window closes. */
    public static void launch(Path project) {
        ProjectStore s = new FileProjectStore();
        store = s;
        startup = CompletableFuture.supplyAsync(() -> Startup.load(s, project), r -> {
            Thread t = new Thread(r, "workbench-startup");
            t.setDaemon(true);
            t.start();
        });
        Application.launch(WorkbenchApp.class);
    }

    static ProjectStore store() {
        if (store == null) store = new FileProjectStore();
        return store;
    }

    /** The first project: as prepared by {@link #launch}, or read now when the app was started some other way. */
    static Startup startup() {
        CompletableFuture<Startup> f = startup;
        return f != null ? f.join() : Startup.load(store(), null);
    }
}
