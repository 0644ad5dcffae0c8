package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityWaitQueueTest {

    @Test
    void higherPrioritiesGoFirstThenOldestFirst() {
        PriorityWaitQueue q = new PriorityWaitQueue(3);
        q.addLast(2, 1, 10, 10);
        q.addLast(0, 2, 20, 20);
        q.addLast(1, 3, 30, 30);
        q.addLast(0, 4, 40, 40);
        q.addLast(2, 5, 50, 50);
        assertThat(q.size()).isEqualTo(5);
        int[] order = new int[5];
        for (int i = 0; i < 5; i++) {
            order[i] = q.headTag();
            q.removeHead();
        }
        assertThat(order).containsExactly(2, 4, 3, 1, 5);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void withOneLevelItIsAFifo() {
        PriorityWaitQueue q = new PriorityWaitQueue(1);
        for (int i = 0; i < 100; i++) {
            q.addLast(0, i, i, i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(q.headTag()).isEqualTo(i);
            assertThat(q.headIntended()).isEqualTo(i);
            q.removeHead();
        }
    }
}
