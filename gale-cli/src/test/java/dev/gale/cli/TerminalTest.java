package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void aWidthIsReadAsAWholeNumberOfColumnsElseTheClassicEighty() {
        assertThat(Terminal.columns("120")).isEqualTo(120);
        assertThat(Terminal.columns(" 80\n")).isEqualTo(80);
        // Nothing that is a width: the classic terminal's, not a wider guess whose lines would wrap on it.
        assertThat(Terminal.columns("wide")).isEqualTo(Terminal.DEFAULT_COLUMNS);
        assertThat(Terminal.columns("0")).isEqualTo(Terminal.DEFAULT_COLUMNS);
        assertThat(Terminal.DEFAULT_COLUMNS).isEqualTo(80);
    }
}
