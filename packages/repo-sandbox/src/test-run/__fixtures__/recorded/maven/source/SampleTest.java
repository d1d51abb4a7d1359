package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class SampleTest {
    @Test void passes() { assertEquals(2, 1 + 1); }
    @Test void fails() {
        System.out.println("[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
        System.out.println("[INFO] BUILD SUCCESS");
        assertEquals(3, 1 + 1);
    }
    @Test void errors() { throw new IllegalStateException("boom"); }
    @Disabled("not today") @Test void skipped() {}
}
