package dev.pgstate.agent.fleet;

/** A number of boxes written as a count ({@code 5}) or a percentage of the boxes pushed to ({@code 10%}). */
public record Share(int amount, boolean percent) {

    public Share {
        if (amount < 0 || percent && amount > 100) {
            throw new IllegalArgumentException("expected a count of 0 or more, or a percentage from 0% to 100%");
        }
    }

    /** @throws IllegalArgumentException for anything but {@code N} or {@code P%} */
    public static Share parse(String text) {
        String written = text.strip();
        boolean percent = written.endsWith("%");
        String number = percent ? written.substring(0, written.length() - 1) : written;
        if (!number.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is neither a count (5) nor a percentage (10%)");
        }
        return new Share(Integer.parseInt(number), percent);
    }

    /** The share of {@code total} boxes, rounded down (for a percentage). */
    int of(int total) {
        return percent ? (int) ((long) total * amount / 100) : amount;
    }

    @Override
    public String toString() {
        return amount + (percent ? "%" : "");
    }
}
