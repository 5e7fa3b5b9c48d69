package dev.calcomclient.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  @Test
  void countsTheBusiestHalfOpenWindow() {
    long[] t = {0, 10, 20, 59, 60, 61, 62, 200};
    assertThat(SlidingWindow.maxInAnyWindow(t, t.length, 60)).isEqualTo(6); // [10, 70): 10, 20, 59, 60, 61, 62
    assertThat(SlidingWindow.maxInAnyWindow(t, 0, 60)).isZero();
    assertThat(SlidingWindow.maxInAnyWindow(new long[] {5, 5, 5}, 3, 1)).isEqualTo(3);
  }
}
