package dev.calcomclient.testkit.internal;

import java.util.List;

/** An ordered list of {@link Stage}s ending in the last stage (which must not call {@code proceed}). */
public final class Pipeline {
  private final List<Stage> stages;

  public Pipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  public FakeResponse execute(FakeExchange exchange) {
    return new Link(0).proceed(exchange);
  }

  private final class Link implements Stage.Chain {
    private final int index;

    Link(int index) {
      this.index = index;
    }

    @Override
    public FakeResponse proceed(FakeExchange exchange) {
      if (index >= stages.size()) {
        throw new IllegalStateException("the last stage of the pipeline must answer");
      }
      return stages.get(index).intercept(exchange, new Link(index + 1));
    }
  }
}
