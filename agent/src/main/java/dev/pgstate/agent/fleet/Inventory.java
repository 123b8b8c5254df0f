package dev.pgstate.agent.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The boxes of one inventory file, in the order written, names unique. */
public record Inventory(Path file, List<Box> boxes) {

    public Inventory {
        boxes = List.copyOf(boxes);
    }

    public Optional<Box> box(String name) {
        return boxes.stream().filter(box -> box.name().equals(name)).findFirst();
    }

    /**
     * The boxes {@code limits} name, each a box or a group, in inventory order; every box when there are none.
     *
     * @throws IllegalArgumentException naming a limit that is neither a box nor a group
     */
    public List<Box> select(List<String> limits) {
        if (limits.isEmpty()) {
            return boxes;
        }
        Set<Box> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String limit : limits) {
            List<Box> matching = boxes.stream()
                    .filter(box -> box.name().equals(limit) || box.groups().contains(limit)).toList();
            if (matching.isEmpty()) {
                unknown.add(limit);
            }
            chosen.addAll(matching);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--limit " + String.join(", ", unknown)
                    + ": no box or group of that name in " + file);
        }
        return boxes.stream().filter(chosen::contains).toList();
    }
}
