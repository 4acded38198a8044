package io.github.ptcheck.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TryNumberTest {

    @Test
    void aTryIsNamedByItsOrdinalCountingFromOne() {
        int[] index = {0, 1, 2, 3, 9, 10, 11, 12, 20, 21, 22, 100, 110, 111, 112};
        String[] name = {"1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
                "111th", "112th", "113th"};
        for (int i = 0; i < index.length; i++) {
            assertEquals(name[i] + " try", TryNumber.ordinal(index[i]));
        }
    }
}
