package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitQueueTest {
    /** Removes every entry, checking that the three columns stay together; returns the tags in order. */
    private static List<Integer> drain(WaitQueue q) {
        List<Integer> tags = new ArrayList<>();
        while (!q.isEmpty()) {
            int tag = q.headTag();
            assertThat(q.headIntended()).as("intended of %d", tag).isEqualTo(tag * 10L);
            assertThat(q.headEnqueued()).as("enqueued of %d", tag).isEqualTo(tag * 100L);
            tags.add(tag);
            q.removeHead();
        }
        return tags;
    }

    private static void add(WaitQueue q, int tag) {
        q.addLast(tag, tag * 10L, tag * 100L);
    }

    @Test
    void startsEmpty() {
        WaitQueue q = new WaitQueue();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
    }

    @Test
    void givesEntriesBackOldestFirst() {
        WaitQueue q = new WaitQueue();
        add(q, 1);
        add(q, 2);
        add(q, 3);
        assertThat(q.size()).isEqualTo(3);
        assertThat(drain(q)).containsExactly(1, 2, 3);
        assertThat(q.size()).isZero();
    }

    @Test
    void growsPastItsInitialCapacityKeepingTheOrder() {
        WaitQueue q = new WaitQueue();
        for (int i = 0; i < 1000; i++) {
            add(q, i);
        }
        assertThat(q.size()).isEqualTo(1000);
        List<Integer> tags = drain(q);
        assertThat(tags).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(tags.get(i)).isEqualTo(i);
        }
    }

    @Test
    void growsWhileWrappedAroundKeepingTheOrder() {
        WaitQueue q = new WaitQueue();
        for (int i = 0; i < 10; i++) {
            add(q, i);
        }
        for (int i = 0; i < 7; i++) {
            q.removeHead();
        }
        // The head is at 7; these wrap around the end of the ring and then force it to grow.
        for (int i = 10; i < 40; i++) {
            add(q, i);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 7; i < 40; i++) {
            expected.add(i);
        }
        assertThat(drain(q)).isEqualTo(expected);
    }

    @Test
    void mixedAddsAndRemovesBehaveLikeAFifo() {
        WaitQueue q = new WaitQueue();
        java.util.ArrayDeque<Integer> model = new java.util.ArrayDeque<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int next = 1;
        for (int step = 0; step < 5000; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                q.addLast(next, next * 10L, next * 100L);
                model.addLast(next++);
            } else if (!model.isEmpty()) {
                assertThat(q.headTag()).isEqualTo(model.peekFirst());
                assertThat(q.headIntended()).isEqualTo(model.peekFirst() * 10L);
                q.removeHead();
                model.removeFirst();
            }
            assertThat(q.size()).isEqualTo(model.size());
        }
        assertThat(drain(q)).containsExactlyElementsOf(model);
    }
}
