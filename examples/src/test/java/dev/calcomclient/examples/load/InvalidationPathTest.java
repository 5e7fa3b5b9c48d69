package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario 4's switchable invalidation path: down means every command fails and subscribers hear about it. */
class InvalidationPathTest {
  private final InvalidationPath path =
      new InvalidationPath(InvalidationBus.inProcess(), RemoteCache.inMemory(Clock.systemUTC()));
  private final List<String> heard = new ArrayList<>();

  private final InvalidationBus.Subscriber subscriber = new InvalidationBus.Subscriber() {
    @Override
    public void onMessage(InvalidationMessage message) {
      heard.add("message " + message.sequence());
    }

    @Override
    public void connectionLost() {
      heard.add("lost");
    }

    @Override
    public void connectionRestored() {
      heard.add("restored");
    }
  };

  private static InvalidationMessage message(long sequence) {
    return new InvalidationMessage("a", sequence, List.of("calcom:v1:tag:et:101:2030-01-07"), false);
  }

  @Test
  void whileDownPublishesFailAndSubscribersHearTheLossAndTheRestore() throws Exception {
    path.bus().subscribe(subscriber);

    path.bus().publish(message(1)).join();
    path.takeDown();
    boolean failed = path.bus().publish(message(2)).isCompletedExceptionally();
    path.restore();
    path.bus().publish(message(3)).join();

    assertThat(failed).isTrue();
    assertThat(heard).containsExactly("message 1", "lost", "restored", "message 3");
    assertThat(path.refusedPublishes()).isEqualTo(1);
  }

  @Test
  void whileDownEveryL2CommandFailsAndAfterwardsTheStoreIsTheSame() {
    RemoteCache l2 = path.remoteCache();
    String tag = "calcom:v1:tag:et:101:2030-01-07";
    RemoteCache.KeyRef key = new RemoteCache.KeyRef("calcom:v1:slots:et:101:d:2030-01-07", tag);
    l2.putAll(List.of(new RemoteCache.Fill(key.key(), tag, new byte[] {1}, 0, Duration.ofMinutes(5)))).join();

    path.takeDown();
    assertThat(l2.getAll(List.of(key)).isCompletedExceptionally()).isTrue();
    assertThat(l2.invalidate(List.of(tag)).isCompletedExceptionally()).isTrue();
    path.restore();

    assertThat(l2.getAll(List.of(key)).join().get(0).isHit()).isTrue();
    assertThat(path.refusedL2Commands()).isEqualTo(2);
  }
}
