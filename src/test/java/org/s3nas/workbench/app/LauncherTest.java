package org.s3nas.workbench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3nas.workbench.Main;
import org.s3nas.workbench.cli.S3nasCli;
import picocli.CommandLine;

/** The launcher: {@code java -jar s3nas.jar <project>} as the README shows it, and the desktop check before JavaFX starts. */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void aProjectFileAsTheOnlyArgumentOpensIt() {
        CommandLine cl = Main.commandLine();
        String[] args = S3nasCli.withDefaultCommand(cl, "sample-projects/s3nas-imagenet.json");
        assertArrayEquals(new String[]{"gui", "sample-projects/s3nas-imagenet.json"}, args);
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        assertTrue(parsed.hasSubcommand());
        GuiCommand gui = (GuiCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(Path.of("sample-projects/s3nas-imagenet.json"), gui.project);
    }

    @Test
    void noArgumentOpensTheSampleAndSubcommandsStayAsTheyAre() {
        CommandLine cl = Main.commandLine();
        assertArrayEquals(new String[]{"gui"}, S3nasCli.withDefaultCommand(cl));
        assertArrayEquals(new String[]{"validate", "p.json"}, S3nasCli.withDefaultCommand(cl, "validate", "p.json"));
        assertArrayEquals(new String[]{"--help"}, S3nasCli.withDefaultCommand(cl, "--help"));
        assertArrayEquals(new String[]{"simulate"}, S3nasCli.withDefaultCommand(cl, "simulate"));
        assertArrayEquals(new String[]{"serach"}, S3nasCli.withDefaultCommand(cl, "serach"), "a mistyped command is still picocli's error");
    }

    @Test
    void aProjectFileWithoutTheJsonSuffixOpensWhenItExists() throws IOException {
        Path f = Files.writeString(dir.resolve("my-project"), "{}");
        assertArrayEquals(new String[]{"gui", f.toString()}, S3nasCli.withDefaultCommand(Main.commandLine(), f.toString()));
    }

    static DesktopLibraries linux(Set<String> present, Map<String, String> env) {
        return new DesktopLibraries(present::contains, env, "Linux", null);
    }

    static final Set<String> ALL = Set.of("libgtk-3.so.0", "libXtst.so.6", "libXxf86vm.so.1", "libGL.so.1");

    @Test
    void withoutGtkTheMessageNamesTheLibraryAndThePackageInOneSentence() {
        Optional<String> p = linux(Set.of("libXtst.so.6", "libXxf86vm.so.1", "libGL.so.1"), Map.of("DISPLAY", ":0")).problem();
        assertEquals("The workbench window needs the desktop library libgtk-3.so.0, which this machine lacks; on Debian or Ubuntu"
                + " install it with 'sudo apt-get install libgtk-3-0' (the command-line modes, see --help, need none of them).", p.orElseThrow());
    }

    @Test
    void severalMissingLibrariesAreAllNamed() {
        String p = linux(Set.of("libXtst.so.6"), Map.of("DISPLAY", ":0")).problem().orElseThrow();
        assertTrue(p.contains("libraries libgtk-3.so.0, libXxf86vm.so.1 and libGL.so.1"), p);
        assertTrue(p.contains("sudo apt-get install libgtk-3-0 libxxf86vm1 libgl1"), p);
    }

    @Test
    void noDisplayIsSaidToo() {
        assertTrue(linux(ALL, Map.of()).problem().orElseThrow().contains("DISPLAY is not set"));
        assertEquals(Optional.empty(), linux(ALL, Map.of("DISPLAY", ":93")).problem());
        assertEquals(Optional.empty(), linux(ALL, Map.of("WAYLAND_DISPLAY", "wayland-0")).problem());
    }

    @Test
    void otherPlatformsAndMonoclePass() {
        assertEquals(Optional.empty(), new DesktopLibraries(n -> false, Map.of(), "Windows 11", null).problem());
        assertEquals(Optional.empty(), new DesktopLibraries(n -> false, Map.of(), "Linux", "Monocle").problem());
    }

    @Test
    void guiCommandStopsBeforeJavaFxWithTheSentenceAndExitCode3() {
        StringWriter err = new StringWriter();
        GuiCommand gui = new GuiCommand(() -> linux(Set.of(), Map.of("DISPLAY", ":0")).problem());
        CommandLine cl = new CommandLine(gui);
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("sample-projects/fashion-mnist.json");
        assertEquals(GuiCommand.NO_DESKTOP, code);
        assertFalse(GuiCommand.launched());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("The workbench window needs the desktop libraries libgtk-3.so.0"), lines.get(0));
    }

    @Test
    void linkerDirectoriesFollowLdSoConfIncludes() throws IOException {
        Path confd = Files.createDirectories(dir.resolve("ld.so.conf.d"));
        Files.writeString(confd.resolve("x86.conf"), "# multiarch\n/opt/gtk/lib\n");
        Path conf = Files.writeString(dir.resolve("ld.so.conf"), "include " + confd + "/*.conf\n");
        List<Path> dirs = DesktopLibraries.linkerDirectories("/first:/second", conf);
        assertEquals(List.of(Path.of("/first"), Path.of("/second"), Path.of("/opt/gtk/lib")), dirs.subList(0, 3));
        assertTrue(dirs.contains(Path.of("/usr/lib/x86_64-linux-gnu")));
    }
}
