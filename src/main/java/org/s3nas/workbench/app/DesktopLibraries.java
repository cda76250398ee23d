package org.s3nas.workbench.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks, before JavaFX starts, that a Linux machine has what the workbench window needs: a display and the desktop
 * libraries JavaFX's GTK glass loads. Without this JavaFX fails with "Unable to load glass GTK library" and a stack
 * trace; here the user gets one sentence naming what is missing and the command that installs it.
 */
final class DesktopLibraries {

    /** A shared library JavaFX needs on Linux and the Debian package that provides it. */
    record Library(String soname, String debianPackage) {}

    static final List<Library> REQUIRED = List.of(
            new Library("libgtk-3.so.0", "libgtk-3-0"),
            new Library("libXtst.so.6", "libxtst6"),
            new Library("libXxf86vm.so.1", "libxxf86vm1"),
            new Library("libGL.so.1", "libgl1"));

    private final Predicate<String> libraryPresent;
    private final Map<String, String> environment;
    private final String osName;
    private final String glassPlatform;

    DesktopLibraries(Predicate<String> libraryPresent, Map<String, String> environment, String osName, String glassPlatform) {
        this.libraryPresent = libraryPresent;
        this.environment = environment;
        this.osName = osName;
        this.glassPlatform = glassPlatform;
    }

    /** The check on this machine: the dynamic linker's directories, the process environment, the system properties. */
    static DesktopLibraries ofThisMachine() {
        List<Path> dirs = linkerDirectories(System.getenv("LD_LIBRARY_PATH"), Path.of("/etc/ld.so.conf"));
        return new DesktopLibraries(name -> dirs.stream().anyMatch(d -> Files.exists(d.resolve(name))),
                System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"));
    }

    /**
     * Why the window cannot open here, in one sentence, or empty when nothing is known to be missing. Only Linux's
     * GTK glass is checked; another glass platform (Monocle for headless tests) or another OS passes.
     */
    Optional<String> problem() {
        if (!osName.toLowerCase().contains("linux") || (glassPlatform != null && !glassPlatform.equalsIgnoreCase("gtk")))
            return Optional.empty();
        List<Library> missing = REQUIRED.stream().filter(l -> !libraryPresent.test(l.soname())).toList();
        if (!missing.isEmpty()) {
            String names = join(missing.stream().map(Library::soname).toList());
            String packages = String.join(" ", missing.stream().map(Library::debianPackage).toList());
            return Optional.of("The workbench window needs the desktop " + (missing.size() == 1 ? "library " : "libraries ")
                    + names + ", which this machine lacks; on Debian or Ubuntu install "
                    + (missing.size() == 1 ? "it" : "them") + " with 'sudo apt-get install " + packages
                    + "' (the command-line modes, see --help, need none of them).");
        }
        if (blank(environment.get("DISPLAY")) && blank(environment.get("WAYLAND_DISPLAY")))
            return Optional.of("The workbench window needs a display, but DISPLAY is not set; run it in a desktop session,"
                    + " or under a virtual display with 'xvfb-run java -jar s3nas.jar' (the command-line modes, see --help, need none).");
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String join(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** LD_LIBRARY_PATH, the directories named in ld.so.conf (and its includes), then the usual system ones. */
    static List<Path> linkerDirectories(String ldLibraryPath, Path ldSoConf) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (ldLibraryPath != null)
            for (String p : ldLibraryPath.split(":")) if (!p.isBlank()) dirs.add(Path.of(p));
        readConf(ldSoConf, dirs, 0);
        for (String p : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"))
            dirs.add(Path.of(p));
        return new ArrayList<>(dirs);
    }

    private static void readConf(Path conf, Set<Path> dirs, int depth) {
        if (depth > 4 || !Files.isRegularFile(conf)) return;
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException e) {
            return; // an unreadable configuration only narrows the search; the usual directories still count
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("include ")) {
                String pattern = line.substring("include ".length()).strip();
                Path p = Path.of(pattern);
                Path parent = p.isAbsolute() ? p.getParent() : conf.getParent().resolve(p).getParent();
                if (parent == null || !Files.isDirectory(parent)) continue;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p.getFileName().toString())) {
                    for (Path f : ds) readConf(f, dirs, depth + 1);
                } catch (IOException e) {
                    // as above
                }
            } else if (line.startsWith("/")) {
                dirs.add(Path.of(line));
            }
        }
    }
}
