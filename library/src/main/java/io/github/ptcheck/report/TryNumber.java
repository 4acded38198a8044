package io.github.ptcheck.report;

/**
 * How reports name a try to a person: by its ordinal ({@code 1st try} for index 0), which no one
 * reads off by one beside a tries count like {@code 10/200}. Files and JSON keep the 0-based index
 * ({@code try: 0}), which the generator is seeded with.
 */
public final class TryNumber {

    private TryNumber() {
    }

    /** {@code 1st try}, {@code 2nd try}, ... {@code 11th try}, {@code 21st try}, for the 0-based {@code index}. */
    public static String ordinal(int index) {
        int n = index + 1;
        String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix + " try";
    }
}
