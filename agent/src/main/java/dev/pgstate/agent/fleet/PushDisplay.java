package dev.pgstate.agent.fleet;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The push as it goes, on stderr (stdout is for the report): on a terminal, a block redrawn in place with the counts
 * and one line per box in flight, finished boxes scrolling above it; otherwise plain lines, one per box started and
 * one per box finished.
 */
public final class PushDisplay implements Rollout.Listener {

    private static final String UP = "\033[%dA";
    private static final String CLEAR_DOWN = "\033[J";

    private final PrintWriter err;
    private final boolean live;
    private final int total;
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    private int done;
    private int changed;
    private int failed;
    private int unreachable;
    private int drawnLines;

    private record InFlight(String stage, Instant since) {
    }

    /** @param live redraw in place (stderr is a terminal) rather than print plain lines */
    public PushDisplay(PrintWriter err, boolean live, int total) {
        this.err = err;
        this.live = live;
        this.total = total;
    }

    @Override
    public synchronized void started(Box box, boolean canary) {
        inFlight.put(box.name(), new InFlight("starting", Instant.now()));
        if (live) {
            redraw(null);
        } else {
            err.println(box.name() + ": started" + (canary ? " (canary, alone)" : ""));
            err.flush();
        }
    }

    @Override
    public synchronized void stage(Box box, String stage) {
        InFlight previous = inFlight.get(box.name());
        inFlight.put(box.name(), new InFlight(stage, previous == null ? Instant.now() : previous.since()));
        if (live) {
            redraw(null);
        }
    }

    @Override
    public synchronized void finished(BoxResult result) {
        inFlight.remove(result.box().name());
        done++;
        switch (result.status()) {
            case CHANGED -> changed++;
            case UNREACHABLE -> unreachable++;
            case FAILED, NOT_STARTED -> failed++;
            default -> {
            }
        }
        String line = result.box().name() + ": " + result.status().label()
                + result.error().map(error -> ": " + error).orElse("")
                + (result.status() == BoxResult.Status.CHANGED ? " (" + result.appliedChanges() + " applied)" : "")
                + (result.status() == BoxResult.Status.NOT_STARTED ? "" : String.format(Locale.ROOT, " in %.1fs",
                result.took().toMillis() / 1000.0));
        if (live) {
            redraw(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public synchronized void stopping(String why) {
        String line = "stopping: no more boxes are started (" + why + "); boxes in flight are finished";
        if (live) {
            redraw(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    /** Done with the display: the live block is cleared, so the report follows the finished lines. */
    public synchronized void close() {
        if (live && drawnLines > 0) {
            err.print(String.format(UP, drawnLines) + CLEAR_DOWN);
            err.flush();
            drawnLines = 0;
        }
    }

    private void redraw(String finishedLine) {
        StringBuilder out = new StringBuilder();
        if (drawnLines > 0) {
            out.append(String.format(UP, drawnLines));
        }
        out.append('\r').append(CLEAR_DOWN);
        if (finishedLine != null) {
            out.append(finishedLine).append('\n');
        }
        out.append(String.format("%d/%d done, %d changed, %d failed, %d unreachable, %d in flight%n", done, total,
                changed, failed, unreachable, inFlight.size()));
        Instant now = Instant.now();
        inFlight.forEach((name, box) -> out.append(String.format(Locale.ROOT, "  %-24s %-24s %5.1fs%n", name,
                box.stage(), Duration.between(box.since(), now).toMillis() / 1000.0)));
        drawnLines = 1 + inFlight.size();
        err.print(out);
        err.flush();
    }
}
