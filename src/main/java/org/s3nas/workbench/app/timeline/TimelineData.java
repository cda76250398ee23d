package org.s3nas.workbench.app.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.s3nas.workbench.npu.LayerResult;
import org.s3nas.workbench.npu.Segment;
import org.s3nas.workbench.npu.SimulationResult;
import org.s3nas.workbench.npu.StallCause;
import org.s3nas.workbench.npu.TimelineEvent;
import org.s3nas.workbench.npu.Track;

/**
 * A simulation prepared for the timeline view (built off the FX thread, then read-only): its layers, events and
 * blocks, and the lane tree: the network row with the six machine tracks under it, then the stem, each stage (its
 * blocks, then their layers, then each layer's DRAM traffic) and the head. Plain Java, no JavaFX.
 */
public final class TimelineData {
    /** A block of the network (the stem and the head count as one each), with its totals summed over its layers. */
    public record Block(int index, Segment segment, int stage, int block, String label, int firstLayer, int lastLayer,
                        long start, long end, long computeCycles, long featureStall, long weightStall, long biasStall,
                        long macs, long dramBytesRead, long dramBytesWritten) {
        public long cycles() { return end - start; }

        public long stallCycles() { return featureStall + weightStall + biasStall; }

        public long dramBytes() { return dramBytesRead + dramBytesWritten; }

        public int layerCount() { return lastLayer - firstLayer + 1; }
    }

    /** The DRAM tracks a layer lane opens into. */
    private static final List<Track> LAYER_TRAFFIC = List.of(Track.FEATURE_LOAD, Track.WEIGHT_LOAD, Track.WRITE);

    private final String network;
    private final double clockGHz;
    private final long totalCycles;
    /** The simulation's latency in cycles (the timeline may run a little past it: a last DRAM write). */
    private final long networkCycles;
    private final List<LayerResult> layers;
    private final List<TimelineEvent> events;
    private final List<Block> blocks;
    private final int[] blockOfLayer;
    private final List<Lane> roots;
    private final Lane networkLane;
    private final Map<Track, Lane> trackLanes = new EnumMap<>(Track.class);
    private final Map<String, Lane> byId = new HashMap<>();
    private final Map<String, Integer> layerByName = new HashMap<>();

    /** Prepares a simulation; {@code clockGHz} converts cycles to time. */
    public static TimelineData of(SimulationResult r, double clockGHz) {
        List<TimelineEvent> events = new ArrayList<>(r.timeline().size());
        for (Track t : Track.values()) events.addAll(r.timeline().events(t));
        return new TimelineData(r.network(), clockGHz, r.totalCycles(), r.layers(), events);
    }

    /**
     * @param layers in processing order, {@code layers.get(i).index() == i}, running one after another
     * @param events every event; {@link TimelineEvent#layer()} indexes {@code layers}
     */
    public TimelineData(String network, double clockGHz, long totalCycles, List<LayerResult> layers, List<TimelineEvent> events) {
        if (!(clockGHz > 0)) throw new IllegalArgumentException("clock must be positive, was " + clockGHz + " GHz");
        this.network = Objects.requireNonNull(network);
        this.networkCycles = totalCycles;
        this.clockGHz = clockGHz;
        this.layers = List.copyOf(layers);
        this.events = List.copyOf(events);
        for (int i = 0; i < this.layers.size(); i++) {
            LayerResult l = this.layers.get(i);
            if (l.index() != i) throw new IllegalArgumentException("layer " + l.name() + " has index " + l.index() + ", expected " + i);
            layerByName.putIfAbsent(l.name(), i);
        }
        long end = totalCycles;
        for (LayerResult l : this.layers) end = Math.max(end, l.endCycle());
        for (TimelineEvent e : this.events) {
            if (e.layer() < 0 || e.layer() >= this.layers.size()) {
                throw new IllegalArgumentException("event '" + e.label() + "' refers to layer " + e.layer() + " of " + this.layers.size());
            }
            end = Math.max(end, e.end());
        }
        this.totalCycles = end;
        this.blockOfLayer = new int[this.layers.size()];
        this.blocks = Collections.unmodifiableList(groupBlocks());
        this.roots = Collections.unmodifiableList(buildLanes());
        this.networkLane = roots.get(0);
    }

    private List<Block> groupBlocks() {
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            LayerResult first = layers.get(i);
            int j = i;
            long compute = 0, fs = 0, ws = 0, bs = 0, macs = 0, rd = 0, wr = 0;
            while (j < layers.size() && sameBlock(first, layers.get(j))) {
                LayerResult l = layers.get(j);
                compute += l.computeCycles();
                fs += l.featureStall();
                ws += l.weightStall();
                bs += l.biasStall();
                macs += l.macs();
                rd += l.dramBytesRead();
                wr += l.dramBytesWritten();
                blockOfLayer[j] = out.size();
                j++;
            }
            String label = switch (first.segment()) {
                case STEM -> "Stem";
                case HEAD -> "Head";
                case BLOCK -> "Block " + first.block();
            };
            out.add(new Block(out.size(), first.segment(), first.stage(), first.block(), label, i, j - 1,
                    first.startCycle(), layers.get(j - 1).endCycle(), compute, fs, ws, bs, macs, rd, wr));
            i = j;
        }
        return out;
    }

    private static boolean sameBlock(LayerResult a, LayerResult b) {
        return a.segment() == b.segment() && a.stage() == b.stage() && a.block() == b.block();
    }

    private List<Lane> buildLanes() {
        // events by track (network rows) and by layer (layer rows and their traffic)
        Map<Track, Slices.Builder> track = new EnumMap<>(Track.class);
        for (Track t : Track.values()) track.put(t, new Slices.Builder());
        Slices.Builder[] layerRow = new Slices.Builder[layers.size()];
        List<Map<Track, Slices.Builder>> layerTraffic = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            layerRow[i] = new Slices.Builder();
            layerTraffic.add(new EnumMap<>(Track.class));
        }
        for (int i = 0; i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            int style = Styles.of(e, layers.get(e.layer()).kind());
            track.get(e.track()).add(e.start(), e.end(), style, i);
            if (e.track() == Track.COMPUTE || e.track() == Track.STALL || e.track() == Track.REDUCTION) {
                layerRow[e.layer()].add(e.start(), e.end(), style, i);
            } else {
                layerTraffic.get(e.layer()).computeIfAbsent(e.track(), t -> new Slices.Builder()).add(e.start(), e.end(), style, i);
            }
        }

        List<Lane> out = new ArrayList<>();
        Lane net = register(new Lane("network", network, layers.size() + " layers", 0, Lane.Refs.LAYERS,
                layerSlices(0, layers.size() - 1), -1, -1, totalCycles));
        out.add(net);
        for (Track t : Track.values()) {
            Lane l = net.add(register(new Lane("track:" + t.name(), t.label(), "", 1, Lane.Refs.EVENTS, track.get(t).build(), -1, -1, -1)));
            trackLanes.put(t, l);
        }
        // stem, stages, head in processing order
        Map<Integer, Lane> stages = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.segment() != Segment.BLOCK) {
                String id = b.segment() == Segment.STEM ? "stem" : "head";
                if (byId.containsKey(id)) id += ":" + b.index(); // a network of several stems (concatenated runs)
                Lane g = register(new Lane(id, b.label(), share(b.cycles()), 0, Lane.Refs.LAYERS,
                        layerSlices(b.firstLayer(), b.lastLayer()), -1, b.index(), b.cycles()));
                out.add(g);
                addLayers(g, b, layerRow, layerTraffic);
                continue;
            }
            Lane stage = stages.get(b.stage());
            if (stage == null) {
                long sc = stageCycles(b.stage());
                stage = register(new Lane("stage:" + b.stage(), "Stage " + Figures.stage(b.stage()), share(sc), 0, Lane.Refs.BLOCKS,
                        blockSlices(b.stage()), -1, -1, sc));
                stages.put(b.stage(), stage);
                out.add(stage);
            }
            Lane bl = stage.add(register(new Lane("block:" + b.block(), b.label(), share(b.cycles()), 1, Lane.Refs.LAYERS,
                    layerSlices(b.firstLayer(), b.lastLayer()), -1, b.index(), b.cycles())));
            addLayers(bl, b, layerRow, layerTraffic);
        }
        return out;
    }

    private void addLayers(Lane parent, Block b, Slices.Builder[] layerRow, List<Map<Track, Slices.Builder>> traffic) {
        for (int i = b.firstLayer(); i <= b.lastLayer(); i++) {
            LayerResult l = layers.get(i);
            Lane lane = parent.add(register(new Lane("layer:" + i, l.name(), share(l.cycles()), parent.depth() + 1,
                    Lane.Refs.EVENTS, layerRow[i].build(), i, b.index(), l.cycles())));
            for (Track t : LAYER_TRAFFIC) {
                Slices.Builder sb = traffic.get(i).get(t);
                if (sb == null) continue;
                lane.add(register(new Lane("layer:" + i + ":" + t.name(), t.label(), "", lane.depth() + 1,
                        Lane.Refs.EVENTS, sb.build(), i, b.index(), -1)));
            }
        }
    }

    private Lane register(Lane l) {
        if (byId.putIfAbsent(l.id(), l) != null) throw new IllegalArgumentException("two lanes with the id " + l.id());
        return l;
    }

    private String share(long cycles) {
        return totalCycles <= 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * cycles / totalCycles);
    }

    private long stageCycles(int stage) {
        long s = Long.MAX_VALUE, e = Long.MIN_VALUE;
        for (Block b : blocks) {
            if (b.segment() == Segment.BLOCK && b.stage() == stage) {
                s = Math.min(s, b.start());
                e = Math.max(e, b.end());
            }
        }
        return e - s;
    }

    private Slices layerSlices(int from, int to) {
        Slices.Builder b = new Slices.Builder();
        for (int i = from; i <= to; i++) {
            LayerResult l = layers.get(i);
            b.add(l.startCycle(), l.endCycle(), Styles.kind(l.kind()), i);
        }
        return b.build();
    }

    private Slices blockSlices(int stage) {
        Slices.Builder sb = new Slices.Builder();
        int n = 0;
        for (Block b : blocks) {
            if (b.segment() == Segment.BLOCK && b.stage() == stage) {
                sb.add(b.start(), b.end(), n++ % 2 == 0 ? Styles.BLOCK_EVEN : Styles.BLOCK_ODD, b.index());
            }
        }
        return sb.build();
    }

    // ---- queries -------------------------------------------------------------------------------------------

    public String network() { return network; }

    public double clockGHz() { return clockGHz; }

    /** Cycle at which everything (the last layer and its last write) has ended. */
    public long totalCycles() { return totalCycles; }

    /** The network's latency in cycles, as the simulation reports it (the header's figure). */
    public long networkCycles() { return networkCycles; }

    public List<LayerResult> layers() { return layers; }

    public List<TimelineEvent> events() { return events; }

    public List<Block> blocks() { return blocks; }

    public Block blockOfLayer(int layer) { return blocks.get(blockOfLayer[layer]); }

    /** The top-level lanes: network (with the machine tracks), stem, stages, head. */
    public List<Lane> roots() { return roots; }

    /** The network row: every layer as a slice; the machine tracks are its children. */
    public Lane networkLane() { return networkLane; }

    public Lane trackLane(Track t) { return trackLanes.get(t); }

    /** The lane with this id, or null. */
    public Lane lane(String id) { return byId.get(id); }

    /** The row of layer {@code i} (its compute, stalls and reduction). */
    public Lane layerLane(int i) { return byId.get("layer:" + i); }

    /** The layer called {@code name}, or -1. */
    public int layerIndex(String name) {
        Integer i = layerByName.get(name);
        return i == null ? -1 : i;
    }

    /** The rows on screen: roots and the children of expanded lanes, depth first. */
    public List<Lane> rows(Predicate<Lane> expanded) {
        List<Lane> out = new ArrayList<>();
        for (Lane r : roots) addRows(r, expanded, out);
        return out;
    }

    private static void addRows(Lane l, Predicate<Lane> expanded, List<Lane> out) {
        out.add(l);
        if (l.expandable() && expanded.test(l)) for (Lane c : l.children()) addRows(c, expanded, out);
    }

    /** Cycles to microseconds at this simulation's clock. */
    public double micros(double cycles) { return cycles / (clockGHz * 1e3); }

    /** Stall cycles of a layer by cause. */
    public static long stall(LayerResult l, StallCause c) {
        return switch (c) {
            case FEATURE -> l.featureStall();
            case WEIGHT -> l.weightStall();
            case BIAS -> l.biasStall();
        };
    }
}
