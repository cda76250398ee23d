package org.s3nas.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.s3nas.workbench.app.WindowPlacement.Bounds;

/** The window's place across sessions: kept, read back, and put only where a screen of this session shows it. */
class WindowPlacementTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 740), MONITOR = new Rectangle2D(1366, 0, 2560, 1400);

    @Test
    void aPlacementIsReadBackAsWritten() {
        Preferences p = new MemoryPreferences();
        assertEquals(Optional.empty(), WindowPlacement.read(p), "nothing saved yet");
        WindowPlacement.write(p, new Bounds(1500, 40, 1440, 920, true));
        assertEquals(Optional.of(new Bounds(1500, 40, 1440, 920, true)), WindowPlacement.read(p));
    }

    @Test
    void aValueThisClassDidNotWriteIsIgnored() {
        Preferences p = new MemoryPreferences();
        for (String bad : new String[]{"", "1,2,3", "a,b,c,d,true", "0,0,-5,600,false", "0,0,NaN,600,false", "0,0,800,600,false,7"}) {
            p.put(WindowPlacement.KEY, bad);
            assertEquals(Optional.empty(), WindowPlacement.read(p), "'" + bad + "'");
        }
    }

    @Test
    void aWindowOnAScreenOfThisSessionKeepsItsPlace() {
        Bounds onMonitor = new Bounds(1500, 40, 1440, 920, false);
        assertEquals(Optional.of(onMonitor), WindowPlacement.fit(onMonitor, List.of(LAPTOP, MONITOR), 900, 600));
        // partly off the right edge of the laptop, but its title bar can be grabbed: kept
        Bounds partly = new Bounds(1000, 100, 1200, 700, false);
        assertEquals(Optional.of(new Bounds(1000, 100, 1200, 640, false)), WindowPlacement.fit(partly, List.of(LAPTOP), 900, 600),
                "kept where it was, no taller than the room below its top edge");
    }

    @Test
    void aWindowOnAMonitorUnpluggedSinceIsNotPutBackThere() {
        Bounds onMonitor = new Bounds(1500, 40, 1440, 920, false);
        assertTrue(WindowPlacement.fit(onMonitor, List.of(LAPTOP), 900, 600).isEmpty());
        // its title bar above the screen's top edge cannot be grabbed either
        assertTrue(WindowPlacement.fit(new Bounds(100, -200, 1000, 700, false), List.of(LAPTOP), 900, 600).isEmpty());
    }

    @Test
    void aSizeIsKeptBetweenTheMinimumAndTheScreen() {
        Bounds tiny = new Bounds(10, 10, 300, 200, false);
        assertEquals(Optional.of(new Bounds(10, 10, 900, 600, false)), WindowPlacement.fit(tiny, List.of(LAPTOP), 900, 600));
        Bounds huge = new Bounds(0, 0, 5000, 3000, false);
        assertEquals(Optional.of(new Bounds(0, 0, 1366, 740, false)), WindowPlacement.fit(huge, List.of(LAPTOP), 900, 600));
        Bounds low = new Bounds(0, 500, 1000, 700, false);
        assertEquals(Optional.of(new Bounds(0, 500, 1000, 600, false)), WindowPlacement.fit(low, List.of(LAPTOP), 900, 600),
                "never below the minimum, even where the room below is smaller");
    }
}
